-- A region's workspace can be archived (its plan finished, or the region left the programme):
-- kept whole, but no longer listed or served.

ALTER TABLE workspaces ADD COLUMN archived_at timestamptz;
