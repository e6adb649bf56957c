package io.postvault.protocol.submission.relay;

import java.io.InputStream;
import java.util.List;

/** The SMTP client side: hands one message to the configured smarthost. Blocking: call from a worker thread. */
public interface Smarthost {

    /** One SMTP conversation; never throws for what the smarthost or the network did: that is in the result. */
    RelayResult relay(String envelopeFrom, List<String> recipients, InputStream message);
}
