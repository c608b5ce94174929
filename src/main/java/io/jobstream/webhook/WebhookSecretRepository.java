package io.jobstream.webhook;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL for the owners' webhook signing secrets: read or created, rotated with an overlap, and
 * stored sealed by {@link SecretCipher} (V24), those stored in clear before sealed at start-up.
 */
@Repository
class WebhookSecretRepository {

    private final DatabaseClient db;
    private final SecretCipher cipher;

    WebhookSecretRepository(DatabaseClient db, SecretCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    /** The owner's secret; {@code candidate} becomes it if the owner has none yet. */
    Mono<WebhookSecret> secret(String owner, String candidate) {
        return db.sql("""
                        with created as (
                            insert into webhook_secrets (owner, secret, created_at) values (:owner, :secret, now())
                            on conflict (owner) do nothing
                            returning secret, created_at, previous_secret, previous_expires_at)
                        select secret, created_at, null as previous_secret, null as previous_expires_at from created
                        union all
                        select secret, created_at,
                               case when previous_expires_at > now() then previous_secret end,
                               case when previous_expires_at > now() then previous_expires_at end
                        from webhook_secrets where owner = :owner""")
                .bind("owner", owner)
                .bind("secret", cipher.seal(candidate))
                .map(this::toSecret)
                .first();
    }

    /**
     * Replaces the owner's secret (or creates it); the one replaced keeps signing for
     * {@code overlap}. A rotation within an overlap drops the older secret: only the last two sign.
     */
    Mono<WebhookSecret> replaceSecret(String owner, String secret, Duration overlap) {
        return db.sql("""
                        insert into webhook_secrets (owner, secret, created_at) values (:owner, :secret, now())
                        on conflict (owner) do update set
                            previous_secret = case when :overlap > 0 then webhook_secrets.secret end,
                            previous_expires_at = case when :overlap > 0
                                then now() + :overlap * interval '1 millisecond' end,
                            secret = excluded.secret,
                            created_at = excluded.created_at
                        returning secret, created_at, previous_secret, previous_expires_at""")
                .bind("owner", owner)
                .bind("secret", cipher.seal(secret))
                .bind("overlap", overlap.toMillis())
                .map(this::toSecret)
                .one();
    }

    /**
     * Encrypts the secrets stored in clear (before V24, or while no key was set), if there is a
     * key now; the number of owners whose secrets were encrypted. Each row is rewritten only if
     * it still holds what was read, so a rotation meanwhile is not undone.
     */
    Mono<Long> encryptStoredInClear() {
        if (!cipher.encrypts()) {
            return Mono.just(0L);
        }
        return db.sql("""
                        select owner, secret, previous_secret from webhook_secrets
                        where left(secret, 6) = 'whsec_' or left(previous_secret, 6) = 'whsec_'""")
                .map(row -> new String[] {
                    row.get("owner", String.class),
                    row.get("secret", String.class),
                    row.get("previous_secret", String.class)
                })
                .all()
                .concatMap(this::encryptRow)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> encryptRow(@Nullable String[] row) {
        String secret = Objects.requireNonNull(row[1]);
        String previous = row[2];
        return db.sql("""
                        update webhook_secrets set secret = :sealed, previous_secret = :sealedPrevious
                        where owner = :owner and secret = :secret
                          and previous_secret is not distinct from :previous""")
                .bind("owner", Objects.requireNonNull(row[0]))
                .bind("secret", secret)
                .bind("sealed", seal(secret))
                .bind("previous", Parameter.fromOrEmpty(previous, String.class))
                .bind("sealedPrevious", Parameter.fromOrEmpty(previous == null ? null : seal(previous), String.class))
                .fetch()
                .rowsUpdated();
    }

    private String seal(String stored) {
        return stored.startsWith(SecretCipher.PREFIX) ? stored : cipher.seal(stored);
    }

    private WebhookSecret toSecret(Readable row) {
        return new WebhookSecret(
                Objects.requireNonNull(cipher.open(row.get("secret", String.class))),
                row.get("created_at", Instant.class),
                cipher.open(row.get("previous_secret", String.class)),
                row.get("previous_expires_at", Instant.class));
    }
}
