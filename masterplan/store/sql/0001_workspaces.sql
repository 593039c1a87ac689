-- masterplan's state of many workspaces (regions) in one database; applied by `masterplan db upgrade`.

CREATE TABLE workspaces (
    name        text PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A workspace's documents by relative path (region.yaml, answers/bimtek-2/dinkes.yaml, ...),
-- each with its version: the SHA-256 of its bytes in hex.
CREATE TABLE documents (
    workspace   text NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
    path        text NOT NULL,
    data        bytea NOT NULL,
    version     char(64) NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace, path)
);

-- The journal: one row per line, in order; the head (<seq> <hash>) beside it.
CREATE TABLE journal_lines (
    workspace   text NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
    n           bigint NOT NULL,
    line        bytea NOT NULL,
    PRIMARY KEY (workspace, n)
);

CREATE TABLE journal_heads (
    workspace   text PRIMARY KEY REFERENCES workspaces (name) ON DELETE CASCADE,
    head        text NOT NULL
);

-- Earlier contents, by their SHA-256.
CREATE TABLE objects (
    workspace   text NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
    key         char(64) NOT NULL,
    data        bytea NOT NULL,
    PRIMARY KEY (workspace, key)
);
