package io.postvault.events.data;

/** PERSONAL accounts log in; SHARED accounts are reached over IMAP by users holding ACL rights. */
public enum AccountKind { PERSONAL, SHARED }
