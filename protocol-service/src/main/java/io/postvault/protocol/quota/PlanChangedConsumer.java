package io.postvault.protocol.quota;

import io.postvault.events.Event;
import io.postvault.events.EventCodec;
import io.postvault.events.EventType;
import io.postvault.events.data.PlanChanged;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code quota.plan-changed} from {@code postvault.quota.v1} (group protocol-service) and applies it to the limits
 * deliveries check ({@link PlanLimits}). The topic is keyed by domain, so a domain's changes apply in order; applying
 * one twice sets the same value, so a redelivery needs no inbox. A new consumer group starts from the earliest record,
 * which replays every plan ever decided. Malformed records go to the dead-letter topic.
 */
@ApplicationScoped
public class PlanChangedConsumer {

    private final PlanLimits limits;

    PlanChangedConsumer(PlanLimits limits) {
        this.limits = limits;
    }

    @Incoming("quota-plans")
    @Blocking
    public void onQuotaEvent(byte[] record) {
        Event event = EventCodec.decode(record);
        if (event.type() == EventType.PLAN_CHANGED) {
            limits.apply(event.domain(), (PlanChanged) event.data());
        }
    }
}
