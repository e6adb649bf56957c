package io.postvault.events.data;

/** Why a live copy of a message left the account ({@code message.removed}, {@code message.copy-removed}). */
public enum RemovalReason { POP3_DELETE, IMAP_EXPUNGE, FOLDER_DELETED, ACCOUNT_DELETED }
