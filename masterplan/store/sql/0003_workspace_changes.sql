-- A workspace's change counter: one more at every change of its documents or its journal, so a
-- web process learns in one read whether what it derived (the checked plan, the workflow state)
-- is still current. Input kept while someone types (workflow/isian/) is not a change of the plan.

ALTER TABLE workspaces ADD COLUMN changes bigint NOT NULL DEFAULT 0;

CREATE FUNCTION masterplan_count_document_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed_workspace text;
    changed_path text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed_workspace := OLD.workspace;
        changed_path := OLD.path;
    ELSE
        changed_workspace := NEW.workspace;
        changed_path := NEW.path;
    END IF;
    IF left(changed_path, 15) <> 'workflow/isian/' THEN
        UPDATE workspaces SET changes = changes + 1 WHERE name = changed_workspace;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION masterplan_count_journal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE workspaces SET changes = changes + 1 WHERE name = OLD.workspace;
    ELSE
        UPDATE workspaces SET changes = changes + 1 WHERE name = NEW.workspace;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER documents_count_change AFTER INSERT OR UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION masterplan_count_document_change();
CREATE TRIGGER journal_count_change AFTER INSERT OR UPDATE OR DELETE ON journal_lines
    FOR EACH ROW EXECUTE FUNCTION masterplan_count_journal_change();
