package io.postvault.events.data;

/** What a quota decision applies to: one account (its cap) or a whole domain (its plan). */
public enum QuotaScope { ACCOUNT, DOMAIN }
