-- Who reads a case (`case_access`, see schema.ts and DECISIONS « case_access ») and the case's
-- organisation and procedure on its tasks, kept by triggers: every writer (the transition's one
-- statement, the starter, a bulk load) keeps them right without knowing of them. Statement-level
-- triggers with transition tables: one insert per statement, however many rows it wrote.

-- Readers that are not a person or a unit get a uuid derived from what they are: the holders of
-- a role anywhere in an organisation, the overseers of a procedure. The application derives the
-- same ids (server/db/queries/caseAccess.ts).
CREATE FUNCTION role_reader(organisation text, role_code text) RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT md5('role/' || organisation || '/' || role_code)::uuid $$;
--> statement-breakpoint
CREATE FUNCTION procedure_reader(organisation text, procedure_id text) RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT md5('procedure/' || organisation || '/' || procedure_id)::uuid $$;
--> statement-breakpoint
CREATE FUNCTION tasks_copy_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.organisation IS NULL OR NEW.procedure_id IS NULL OR NEW.procedure_version IS NULL THEN
    SELECT c.organisation, c.procedure_id, c.procedure_version
      INTO NEW.organisation, NEW.procedure_id, NEW.procedure_version
      FROM cases c WHERE c.id = NEW.case_id;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER tasks_copy_case BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION tasks_copy_case();
--> statement-breakpoint
-- A case: its requester, its procedure's overseers, the unit it is imputed to (kept once imputed:
-- a unit the case passed through, like the unit of a closed task).
CREATE FUNCTION case_access_of_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_access (case_id, reader_id)
  SELECT DISTINCT n.id, r.reader_id
  FROM changed_cases n
  CROSS JOIN LATERAL (VALUES
    (n.requester_id),
    (procedure_reader(n.organisation, n.procedure_id)),
    ((SELECT u.id FROM org_units u WHERE u.organisation = n.organisation AND u.code = n.state ->> 'imputedUnit'))
  ) AS r(reader_id)
  WHERE r.reader_id IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_access_cases_inserted AFTER INSERT ON cases
  REFERENCING NEW TABLE AS changed_cases FOR EACH STATEMENT EXECUTE FUNCTION case_access_of_cases();
--> statement-breakpoint
CREATE TRIGGER case_access_cases_updated AFTER UPDATE ON cases
  REFERENCING NEW TABLE AS changed_cases FOR EACH STATEMENT EXECUTE FUNCTION case_access_of_cases();
--> statement-breakpoint
CREATE FUNCTION case_access_of_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_access (case_id, reader_id)
  SELECT DISTINCT e.case_id, r.reader_id
  FROM new_events e CROSS JOIN LATERAL (VALUES (e.actor_user_id), (e.on_behalf_of_user_id)) AS r(reader_id)
  WHERE r.reader_id IS NOT NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_access_events_inserted AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION case_access_of_events();
--> statement-breakpoint
-- A task: its assignee, its closer, its unit; while open and offered to a role anywhere in the
-- organisation (no unit), the holders of that role.
CREATE FUNCTION case_access_of_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_access (case_id, reader_id)
  SELECT DISTINCT t.case_id, r.reader_id
  FROM changed_tasks t CROSS JOIN LATERAL (VALUES
    (t.assignee_id), (t.closed_by), (t.unit_id),
    (CASE WHEN t.status = 'open' AND t.unit_id IS NULL AND t.role_code IS NOT NULL
      THEN role_reader(t.organisation, t.role_code) END)
  ) AS r(reader_id)
  WHERE r.reader_id IS NOT NULL
  ON CONFLICT DO NOTHING;
  IF TG_OP = 'UPDATE' THEN
    -- A role anywhere reads the case only while one of its open tasks is offered to it.
    DELETE FROM case_access a
    USING (
      SELECT DISTINCT t.case_id, role_reader(t.organisation, o.role_code) AS reader_id
      FROM changed_tasks t
      CROSS JOIN LATERAL (
        SELECT t.role_code WHERE t.unit_id IS NULL AND t.role_code IS NOT NULL
        UNION SELECT tc.role_code FROM task_candidates tc WHERE tc.task_id = t.id AND tc.unit_id IS NULL
      ) AS o(role_code)
      WHERE t.status <> 'open'
    ) AS gone
    WHERE a.case_id = gone.case_id AND a.reader_id = gone.reader_id
      AND NOT EXISTS (
        SELECT 1 FROM tasks s WHERE s.case_id = gone.case_id AND s.status = 'open' AND (
          (s.unit_id IS NULL AND s.role_code IS NOT NULL AND role_reader(s.organisation, s.role_code) = gone.reader_id)
          OR EXISTS (SELECT 1 FROM task_candidates sc WHERE sc.task_id = s.id AND sc.unit_id IS NULL
            AND role_reader(s.organisation, sc.role_code) = gone.reader_id)));
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_access_tasks_inserted AFTER INSERT ON tasks
  REFERENCING NEW TABLE AS changed_tasks FOR EACH STATEMENT EXECUTE FUNCTION case_access_of_tasks();
--> statement-breakpoint
CREATE TRIGGER case_access_tasks_updated AFTER UPDATE ON tasks
  REFERENCING NEW TABLE AS changed_tasks FOR EACH STATEMENT EXECUTE FUNCTION case_access_of_tasks();
--> statement-breakpoint
-- A task's other candidates: their unit (a unit the case passed through), or their role anywhere
-- while the task is open.
CREATE FUNCTION case_access_of_candidates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_access (case_id, reader_id)
  SELECT DISTINCT t.case_id, coalesce(c.unit_id, role_reader(t.organisation, c.role_code))
  FROM new_candidates c JOIN tasks t ON t.id = c.task_id
  WHERE c.unit_id IS NOT NULL OR t.status = 'open'
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_access_candidates_inserted AFTER INSERT ON task_candidates
  REFERENCING NEW TABLE AS new_candidates FOR EACH STATEMENT EXECUTE FUNCTION case_access_of_candidates();
--> statement-breakpoint
-- The readers of the cases already there.
INSERT INTO case_access (case_id, reader_id)
SELECT id, requester_id FROM cases WHERE requester_id IS NOT NULL
UNION SELECT id, procedure_reader(organisation, procedure_id) FROM cases
UNION SELECT c.id, u.id FROM cases c JOIN org_units u ON u.organisation = c.organisation AND u.code = c.state ->> 'imputedUnit'
UNION SELECT case_id, actor_user_id FROM events WHERE actor_user_id IS NOT NULL
UNION SELECT case_id, on_behalf_of_user_id FROM events WHERE on_behalf_of_user_id IS NOT NULL
UNION SELECT case_id, assignee_id FROM tasks WHERE assignee_id IS NOT NULL
UNION SELECT case_id, closed_by FROM tasks WHERE closed_by IS NOT NULL
UNION SELECT case_id, unit_id FROM tasks WHERE unit_id IS NOT NULL
UNION SELECT case_id, role_reader(organisation, role_code) FROM tasks
  WHERE status = 'open' AND unit_id IS NULL AND role_code IS NOT NULL
UNION SELECT t.case_id, coalesce(tc.unit_id, role_reader(t.organisation, tc.role_code))
  FROM task_candidates tc JOIN tasks t ON t.id = tc.task_id WHERE tc.unit_id IS NOT NULL OR t.status = 'open';
