package io.postvault.events.data;

/** Whether a message was received by the account or sent by it. */
public enum Direction { RECEIVED, SENT }
