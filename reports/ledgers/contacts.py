"""The ledgers' 帮扶联系人 column: an account's name, or a person without an account (包保单位人员) with their unit and
phone (assistance.contact_shown.contact_name_expression), the phone masked for a role that reads phones masked, as the
联系电话 column is. In the one column the ledgers had, so that no column moves and the printed width stays."""

from reports.ledgers.base import Column

CONTACT_COLUMN = Column("帮扶联系人", 16, phones_in_text=True)
