"""Every role's main pages fit a phone (390 px) and a laptop (1366 px): nothing spills sideways."""
import pytest

pytestmark = pytest.mark.browser

WIDTHS = (390, 1366)
# What each role opens first, and the pages an agent works on during a call.
PAGES = {
    "agent@demo.example.com": ["/desk", "/customers/1", "/customers/1/interactions/new", "/cases?view=team",
                               "/me/"],
    "lead.kl@demo.example.com": ["/review/", "/dashboard/", "/me/"],
    "packaging@demo.example.com": ["/department/packaging"],
    "admin@demo.example.com": ["/admin/", "/admin/policy/new", "/admin/audit", "/admin/policy/pilot"],
}

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && getComputedStyle(el).position !== 'fixed') {
      let scroller = el.parentElement, clipped = false;
      while (scroller && scroller !== document.body) {   // inside a card that scrolls: fine
        const s = getComputedStyle(scroller);
        if (['auto', 'scroll', 'hidden'].includes(s.overflowX) && scroller.getBoundingClientRect().right <= width + 1) { clipped = true; break; }
        scroller = scroller.parentElement;
      }
      if (!clipped) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''));
    }
  }
  return {scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5)};
}"""


def test_no_main_page_of_any_role_overflows_at_390_or_1366_px(app, page):
    from crm.services.demo import PASSWORD, load_demo

    load_demo(customers=30)
    problems = []
    for email, paths in PAGES.items():
        page.context.clear_cookies()
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto("/login")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.click("button[type=submit]")
        for path in paths:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                response = page.goto(path)
                assert response.status == 200, (email, path, response.status)
                found = page.evaluate(OVERFLOW)
                if found["scroll"] > 0 or found["wide"]:
                    problems.append((width, path, found))
        if email.startswith("agent"):  # the search box stays usable on a phone
            page.set_viewport_size({"width": 390, "height": 900})
            page.goto("/desk")
            assert page.locator("#lookup-box").bounding_box()["width"] >= 300
            # The demo agents read their team's language, so the button is found by what it does.
            assert page.locator("header form[action='/logout'] button").is_visible()
    assert problems == [], "\n".join(map(str, problems))


def test_the_product_name_and_logo_are_settings(app, client, auth, make_user):
    app.config.update(CRM_BRAND_NAME="Helpdesk Pro", CRM_BRAND_LOGO="favicon.svg")
    page = client.get("/login").get_data(as_text=True)
    assert "<title>" in page and "· Helpdesk Pro</title>" in page
    assert '<img src="/static/favicon.svg" alt="">Helpdesk Pro</a>' in page
    icon = client.get("/static/icons/case.svg")
    assert icon.status_code == 200 and b"<svg" in icon.data
    icon.close()
