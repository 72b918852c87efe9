"""The department inbox: feedback routed to a department, answered there."""
