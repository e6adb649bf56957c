package io.postvault.events;

/** Kafka topic names of the event contract. Services name channels logically and map them to these in config. */
public final class Topics {

    /** Facts about live mail, folders, accounts and domains; key = account id (domain name for domain events). */
    public static final String MAIL = "postvault.mail.v1";
    /** Facts about the archive; key = account id. */
    public static final String ARCHIVE = "postvault.archive.v1";
    /** Quota decisions; key = domain name. */
    public static final String QUOTA = "postvault.quota.v1";

    private Topics() {
    }

    /** The dead-letter topic of one consuming service, e.g. {@code postvault.dlq.archive}. */
    public static String deadLetter(String service) {
        return "postvault.dlq." + service;
    }
}
