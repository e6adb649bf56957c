package io.postvault.search.reindex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The progress of long tasks as their replicas last wrote it (table {@code task_progress}), so that any replica
 * answers {@code GET /internal/tasks/{id}}: a task runs on the replica that received its {@code POST}, and the
 * gateway's next call may reach another one. Rows older than 30 days are dropped when a task starts.
 */
@ApplicationScoped
public class TaskBoard {

    private final EntityManager entityManager;
    private final ObjectMapper json;

    TaskBoard(EntityManager entityManager, ObjectMapper json) {
        this.entityManager = entityManager;
        this.json = json;
    }

    /** Writes (or overwrites) the progress of a task. */
    public void publish(ReindexTask.View view) {
        String text;
        try {
            text = json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO task_progress (id, replica, view, updated_at) VALUES (?1, ?2, ?3, now())
                        ON CONFLICT (id) DO UPDATE SET view = excluded.view, updated_at = excluded.updated_at""")
                .setParameter(1, view.id()).setParameter(2, view.replica()).setParameter(3, text).executeUpdate());
    }

    /** The progress of a task as its replica last wrote it. */
    public Optional<ReindexTask.View> find(UUID id) {
        @SuppressWarnings("unchecked")
        List<String> rows = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT view FROM task_progress WHERE id = ?1").setParameter(1, id)
                .getResultList());
        return rows.stream().findFirst().map(text -> {
            try {
                return json.readValue(text, ReindexTask.View.class);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Drops the progress of tasks nobody has written for 30 days. */
    void forgetOld() {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "DELETE FROM task_progress WHERE updated_at < now() - interval '30 days'").executeUpdate());
    }
}
