-- Each person's language, in which every mail to them is written: a tag such as 'de'.
-- Empty until it is known: taken from the browser when the person accepts the
-- invitation or first signs in, changed on their profile page.
ALTER TABLE users ADD COLUMN locale TEXT;
