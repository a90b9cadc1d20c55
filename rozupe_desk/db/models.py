"""The data model (DESIGN section 3) as peewee models, one class per table.

The tables themselves are created by the numbered migrations in `db/migrations/`; a test
checks that every model column exists in the migrated schema. Money is kept in euro cents,
dates as ISO text, so SQLite and PostgreSQL store the same values.
"""

from __future__ import annotations

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from rozupe_desk.db.connection import database

AGE_GROUPS = ("child", "adult")
PATRON_CATEGORIES = ("preschool", "pupil", "student", "employed", "pensioner", "unemployed", "other")
DOCUMENT_TYPES = ("book", "periodical", "audiovisual", "e_resource", "game", "other")
AUDIENCES = ("children", "adult")
ITEM_SOURCES = ("purchase", "gift", "central_library", "other")
ITEM_STATUSES = ("available", "on_loan", "reserved", "lost", "damaged", "discarded")
HOLD_STATUSES = ("waiting", "ready", "collected", "cancelled", "expired")
VISIT_PURPOSES = ("loans", "internet", "reading_room", "event", "other")
EVENT_KINDS = ("reading", "exhibition", "lesson", "club", "workshop", "meeting", "other")
KOC_OUTCOMES = ("applied", "rejected")
PROGRAMME_KINDS = ("jury", "summer", "class_diary", "other")


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Setting(BaseModel):
    key = CharField(primary_key=True)
    value = TextField()  # JSON


class Branch(BaseModel):
    """A branch library of the municipality (migration m1900); branch 1 is the library itself."""

    code = CharField(unique=True)
    name = CharField(default="")
    created_at = DateTimeField()


class Patron(BaseModel):
    card_number = CharField(unique=True)
    first_name = CharField()
    last_name = CharField()
    birth_date = DateField(null=True)
    birth_year = IntegerField(null=True)
    phone = CharField(default="")
    email = CharField(default="")
    address = CharField(default="")
    village = CharField(default="")
    guardian = ForeignKeyField("self", null=True, backref="children", on_delete="SET NULL")
    category = CharField(default="other")
    registered_on = DateField()
    reregistered_year = IntegerField(null=True)
    consent_data_on = DateField(null=True)
    consent_photo_on = DateField(null=True)
    notes = TextField(default="")
    blocked = BooleanField(default=False)
    anonymized = BooleanField(default=False)
    # A random number that stands for the reader in statistics; loans keep it after the
    # reader's identity is removed, so anonymised history still counts distinct readers.
    token = IntegerField(unique=True)
    search_text = TextField(default="")
    created_at = DateTimeField()
    branch_id = IntegerField(default=1)  # where the reader registered (m1900)


class Title(BaseModel):
    isbn = CharField(default="")
    issn = CharField(default="")
    title = TextField()
    authors = TextField(default="")
    publisher = CharField(default="")
    year = IntegerField(null=True)
    language = CharField(default="lav")
    document_type = CharField(default="book")
    udc = CharField(default="")
    audience = CharField(default="adult")
    heritage = BooleanField(default=False)
    subjects = TextField(default="")
    marc = BlobField(null=True)  # the original MARC21 record, kept for faithful export
    record_key = CharField(default="")  # 003|001 of the imported record (migration m1000)
    search_text = TextField(default="")
    created_at = DateTimeField()


class DiscardAct(BaseModel):
    number = CharField(unique=True)
    act_date = DateField()
    reason = TextField(default="")
    note = TextField(default="")
    created_at = DateTimeField()


class Item(BaseModel):
    barcode = CharField(unique=True)
    title = ForeignKeyField(Title, backref="items", on_delete="RESTRICT")
    acquired_on = DateField(null=True)
    source = CharField(default="purchase")
    price_cents = IntegerField(null=True)
    shelf = CharField(default="")
    status = CharField(default="available")
    status_changed_on = DateField(null=True)
    discarded_on = DateField(null=True)
    discard_act = ForeignKeyField(DiscardAct, null=True, backref="items", on_delete="RESTRICT")
    notes = TextField(default="")
    created_at = DateTimeField()
    branch_id = IntegerField(default=1)  # the copy's home branch (m1900)
    transit_from_branch_id = IntegerField(null=True)  # checked in there, on its way home
    transit_since = DateField(null=True)


class Loan(BaseModel):
    item = ForeignKeyField(Item, backref="loans", on_delete="RESTRICT")
    patron = ForeignKeyField(Patron, null=True, backref="loans", on_delete="SET NULL")
    patron_token = IntegerField()
    age_group = CharField()
    patron_category = CharField(default="other")
    document_type = CharField(default="book")
    issued_at = DateTimeField()
    due_on = DateField()
    returned_at = DateTimeField(null=True)
    renewals = IntegerField(default=0)
    branch_id = IntegerField(default=1)  # the branch whose desk lent it (m1900)
    return_branch_id = IntegerField(default=1)  # where it came back, once returned


class Renewal(BaseModel):
    loan = ForeignKeyField(Loan, backref="renewal_log", on_delete="CASCADE")
    renewed_at = DateTimeField()
    due_before = DateField()
    due_after = DateField()
    branch_id = IntegerField(default=1)  # the branch whose desk renewed it (m1900)


class Hold(BaseModel):
    title = ForeignKeyField(Title, backref="holds", on_delete="CASCADE")
    patron = ForeignKeyField(Patron, backref="holds", on_delete="CASCADE")
    placed_at = DateTimeField()
    status = CharField(default="waiting")
    item = ForeignKeyField(Item, null=True, backref="holds", on_delete="SET NULL")
    ready_at = DateTimeField(null=True)
    expires_on = DateField(null=True)
    closed_at = DateTimeField(null=True)


class Visit(BaseModel):
    """A visit counted by hand; visits with circulation are derived from the loans."""

    at = DateTimeField()
    patron = ForeignKeyField(Patron, null=True, backref="visits", on_delete="SET NULL")
    patron_token = IntegerField(null=True)
    purpose = CharField(default="other")
    age_group = CharField(default="adult")
    branch_id = IntegerField(default=1)  # the branch (m1900)


class ReferenceQuery(BaseModel):
    at = DateTimeField()
    topic = TextField(default="")
    answered = BooleanField(default=True)
    age_group = CharField(null=True)
    branch_id = IntegerField(default=1)  # the branch (m1900)


class Event(BaseModel):
    title = CharField()
    kind = CharField(default="other")
    starts_at = DateTimeField()
    ends_at = DateTimeField(null=True)
    place = CharField(default="")
    audience = CharField(default="")
    description = TextField(default="")
    partners = TextField(default="")
    image_path = CharField(default="")
    link_url = CharField(default="")
    for_children = BooleanField(default=False)
    attendance_children = IntegerField(null=True)
    attendance_adults = IntegerField(null=True)
    created_at = DateTimeField()
    branch_id = IntegerField(default=1)  # the branch (m1900)


class ClosedDay(BaseModel):
    day = DateField(primary_key=True)
    reason = CharField(default="")


class AuditLog(BaseModel):
    at = DateTimeField()
    actor = CharField(default="")
    action = CharField()
    entity = CharField(default="")
    entity_id = CharField(default="")
    details = TextField(default="")


class KocTransaction(BaseModel):
    """The decided outcome of one line of an offline circulation file."""

    line_key = CharField(unique=True)
    file_name = CharField(default="")
    line_no = IntegerField()
    raw = TextField()
    outcome = CharField()
    reason = TextField(default="")
    decided_at = DateTimeField()


class Payment(BaseModel):
    at = DateTimeField()
    patron = ForeignKeyField(Patron, null=True, backref="payments", on_delete="SET NULL")
    card_number = CharField(default="")
    amount_cents = IntegerField()
    source = CharField(default="")


class StocktakeSession(BaseModel):
    started_at = DateTimeField()
    finished_at = DateTimeField(null=True)
    scope = CharField(default="")
    note = TextField(default="")
    branch_id = IntegerField(null=True)  # the branch whose copies it counts; NULL: all (m1910)


class StocktakeScan(BaseModel):
    session = ForeignKeyField(StocktakeSession, backref="scans", on_delete="CASCADE")
    barcode = CharField()
    item = ForeignKeyField(Item, null=True, backref="stocktake_scans", on_delete="SET NULL")
    scanned_at = DateTimeField()

    class Meta:
        indexes = ((("session", "barcode"), True),)


class Attachment(BaseModel):
    title = ForeignKeyField(Title, backref="attachments", on_delete="CASCADE")
    file_name = CharField()
    stored_path = CharField()
    kind = CharField(default="document")
    caption = TextField(default="")
    added_at = DateTimeField()


class ReadingProgramme(BaseModel):
    name = CharField()
    kind = CharField(default="jury")
    year = IntegerField()
    starts_on = DateField()
    deadline_on = DateField()
    closing_event = ForeignKeyField(Event, null=True, backref="programmes", on_delete="SET NULL")
    notes = TextField(default="")
    created_at = DateTimeField()


class ProgrammeGroup(BaseModel):
    programme = ForeignKeyField(ReadingProgramme, backref="groups", on_delete="CASCADE")
    name = CharField()
    min_age = IntegerField(null=True)
    max_age = IntegerField(null=True)
    adults = BooleanField(default=False)
    position = IntegerField(default=0)


class ProgrammeBook(BaseModel):
    group = ForeignKeyField(ProgrammeGroup, backref="books", on_delete="CASCADE")
    title = ForeignKeyField(Title, backref="programme_books", on_delete="CASCADE")
    position = IntegerField(default=0)


class ProgrammeParticipant(BaseModel):
    programme = ForeignKeyField(ReadingProgramme, backref="participants", on_delete="CASCADE")
    group = ForeignKeyField(ProgrammeGroup, backref="participants", on_delete="CASCADE")
    patron = ForeignKeyField(Patron, null=True, backref="programmes", on_delete="SET NULL")
    age_group = CharField()
    registered_on = DateField()
    questionnaire_on = DateField(null=True)
    created_at = DateTimeField()


class ProgrammeReading(BaseModel):
    participant = ForeignKeyField(ProgrammeParticipant, backref="readings", on_delete="CASCADE")
    book = ForeignKeyField(ProgrammeBook, backref="readings", on_delete="CASCADE")
    marked_on = DateField()
    vote = IntegerField(null=True)

    class Meta:
        primary_key = CompositeKey("participant", "book")


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Setting,
    Patron,
    Title,
    DiscardAct,
    Item,
    Loan,
    Renewal,
    Hold,
    Visit,
    ReferenceQuery,
    Event,
    ClosedDay,
    AuditLog,
    KocTransaction,
    Payment,
    StocktakeSession,
    StocktakeScan,
    Attachment,
    ReadingProgramme,
    ProgrammeGroup,
    ProgrammeBook,
    ProgrammeParticipant,
    ProgrammeReading,
)
