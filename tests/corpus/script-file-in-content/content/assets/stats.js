document.title = "PWNED";
