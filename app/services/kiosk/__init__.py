"""Council reception kiosks: enrolment, the device cookie, help requests and QR codes."""
