-- Users own their e-mail address; uniqueness is case-insensitive and enforced here, so that
-- two concurrent sign-ups with the same address cannot both succeed.
CREATE TABLE users (
    id         uuid         PRIMARY KEY,
    name       varchar(200) NOT NULL,
    email      varchar(320) NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));
