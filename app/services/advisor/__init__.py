"""What advisors do with claims: access under consent or assignment (access), the console, handoff."""
