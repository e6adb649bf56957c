package io.postvault.events.data;

/** Why the last live copy of a message left the account. */
public enum RemovalReason { POP3_DELETE, IMAP_EXPUNGE, FOLDER_DELETED, ACCOUNT_DELETED }
