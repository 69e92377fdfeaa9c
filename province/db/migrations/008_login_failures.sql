-- Wrong console passwords, counted in the database so that every worker of the server sees the same ones.

-- One row per wrong password: from which address, for which username (as typed, cut to 64
-- characters), when. A right password clears the account's rows at that address for the
-- account's lock (cleared), not for the address's count. Rows older than the longest window
-- (15 minutes) are deleted as new ones come.
CREATE TABLE login_failures (
    address text NOT NULL,
    username text NOT NULL,
    at timestamptz NOT NULL,
    cleared boolean NOT NULL DEFAULT false
);
CREATE INDEX login_failures_address ON login_failures (address, at);
CREATE INDEX login_failures_at ON login_failures (at);
