package io.jobstream.api;

import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

import io.jobstream.apikey.ApiKeyService;
import io.jobstream.document.JobDocuments;
import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.external.JobTypeRegistry;
import io.jobstream.external.WorkClaims;
import io.jobstream.external.WorkReports;
import io.jobstream.file.FileService;
import io.jobstream.job.BatchService;
import io.jobstream.job.JobArtifacts;
import io.jobstream.job.JobService;
import io.jobstream.job.JobSubmissions;
import io.jobstream.job.SubmissionProperties;
import io.jobstream.job.SubmissionReader;
import io.jobstream.jobtype.JobTypes;
import io.jobstream.progress.AllJobsFeed;
import io.jobstream.progress.BatchFeed;
import io.jobstream.progress.SingleJobFeed;
import io.jobstream.progress.StreamMetrics;
import io.jobstream.progress.StreamProperties;
import io.jobstream.webhook.WebhookService;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.JwtMutator;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/**
 * The HTTP layer alone: every route table and handler of the API, the one problem mapping
 * (a {@code WebExceptionHandler}, which the slice picks up by itself) and the security chain
 * as it runs, with Mockito mocks for the services behind the handlers. No database, broker
 * or issuer: a request carries its token through {@link Token#of}. For how a handler reads a
 * request and refuses it; what needs real data is an end-to-end test. Every class with this
 * annotation shares one small application context; the mocks are reset after each test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WebFluxTest(
        properties = {
            "jobstream.stream-tokens.secret=test-secret-of-at-least-32-characters",
            // with tracing on, the mock server never answered JobRoutesTest's 2 MB body with its 413
            // (the running server does: JobTracesTest); handlers do not trace, the app around them does
            "management.tracing.enabled=false"
        },
        // the filter chain, stream tokens and their properties are package-private: taken by name
        includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "io\\.jobstream\\.security\\..*"))
@Import({
    JobRoutes.class,
    WebhookRoutes.class,
    JobTypeRoutes.class,
    SearchRoutes.class,
    FileRoutes.class,
    WorkerRoutes.class,
    ApiKeyRoutes.class,
    JobHandler.class,
    WorkerHandler.class,
    FileHandler.class,
    BatchHandler.class,
    DocumentHandler.class,
    ArtifactHandler.class,
    StreamHandler.class,
    WebhookHandler.class,
    JobTypeHandler.class,
    SearchHandler.class,
    ApiKeyHandler.class,
    JobDetails.class,
    ApiDocs.class,
    SubmissionReader.class
})
@EnableConfigurationProperties({ApiProperties.class, StreamProperties.class, SubmissionProperties.class})
@MockitoBean(
        types = {
            JobService.class,
            JobSubmissions.class,
            BatchService.class,
            SingleJobFeed.class,
            AllJobsFeed.class,
            BatchFeed.class,
            StreamMetrics.class,
            WebhookService.class,
            JobTypes.class,
            JobDocuments.class,
            JobArtifacts.class,
            ChunkEmbeddings.class,
            FileService.class,
            JobTypeRegistry.class,
            WorkClaims.class,
            WorkReports.class,
            ApiKeyService.class
        })
@interface ApiSliceTest {

    /** Tokens as {@code mockJwt()} makes them: never signed or decoded, read by the real chain. */
    final class Token {

        private Token() {}

        /** A token of {@code subject} with exactly these (space-separated) scopes. */
        static JwtMutator of(String subject, String scopes) {
            return mockJwt().jwt(jwt -> jwt.subject(subject).claim("scope", scopes));
        }
    }
}
