"""A workshop only lives in an "ateliers" slot: enforced by the database itself.

A CHECK constraint cannot look at another table, so two triggers do it: one on the workshop
(insert, or move to another slot), one on the slot (kind changed while it holds workshops).
Both raise an integrity error, like any other constraint.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION workshops_check_slot_kind() RETURNS trigger AS $$
BEGIN
    IF (SELECT kind FROM events_programmeslot WHERE id = NEW.slot_id) <> 'ateliers' THEN
        RAISE EXCEPTION 'workshop_in_workshops_slot' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER workshops_slot_kind BEFORE INSERT OR UPDATE OF slot_id ON workshops_workshop
    FOR EACH ROW EXECUTE FUNCTION workshops_check_slot_kind();

CREATE OR REPLACE FUNCTION workshops_check_slot_kind_change() RETURNS trigger AS $$
BEGIN
    IF NEW.kind <> 'ateliers' AND EXISTS (
        SELECT 1 FROM workshops_workshop WHERE slot_id = NEW.id
    ) THEN
        RAISE EXCEPTION 'workshop_in_workshops_slot' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER workshops_slot_kind_change BEFORE UPDATE OF kind ON events_programmeslot
    FOR EACH ROW EXECUTE FUNCTION workshops_check_slot_kind_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS workshops_slot_kind_change ON events_programmeslot;
DROP FUNCTION IF EXISTS workshops_check_slot_kind_change();
DROP TRIGGER IF EXISTS workshops_slot_kind ON workshops_workshop;
DROP FUNCTION IF EXISTS workshops_check_slot_kind();
"""
SQLITE_UP = [
    """CREATE TRIGGER workshops_slot_kind_insert BEFORE INSERT ON workshops_workshop
    WHEN (SELECT kind FROM events_programmeslot WHERE id = NEW.slot_id) <> 'ateliers'
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: workshop_in_workshops_slot'); END;""",
    """CREATE TRIGGER workshops_slot_kind_update BEFORE UPDATE OF slot_id ON workshops_workshop
    WHEN (SELECT kind FROM events_programmeslot WHERE id = NEW.slot_id) <> 'ateliers'
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: workshop_in_workshops_slot'); END;""",
    """CREATE TRIGGER workshops_slot_kind_change BEFORE UPDATE OF kind ON events_programmeslot
    WHEN NEW.kind <> 'ateliers' AND EXISTS (
        SELECT 1 FROM workshops_workshop WHERE slot_id = NEW.id)
    BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: workshop_in_workshops_slot'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS workshops_slot_kind_insert;",
    "DROP TRIGGER IF EXISTS workshops_slot_kind_update;",
    "DROP TRIGGER IF EXISTS workshops_slot_kind_change;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in [statements] if isinstance(statements, str) else statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
