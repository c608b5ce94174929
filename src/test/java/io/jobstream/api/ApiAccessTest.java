package io.jobstream.api;

import static org.hamcrest.Matchers.startsWith;
import static org.mockito.Mockito.verifyNoInteractions;

import io.jobstream.embedding.ChunkEmbeddings;
import io.jobstream.external.JobTypeRegistry;
import io.jobstream.external.WorkClaims;
import io.jobstream.external.WorkReports;
import io.jobstream.file.FileService;
import io.jobstream.job.JobService;
import io.jobstream.job.JobSubmissions;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who may call what: without a token a 401 with a Bearer challenge, without the scope a 403
 * naming it; either way a problem, and no service is called. Forged and expired tokens, which
 * need the real issuer, are end-to-end tests ({@code JobRequestValidationTest},
 * {@code StreamTokenTest}).
 */
@ApiSliceTest
class ApiAccessTest {

    @Autowired
    WebTestClient http;

    @Autowired
    JobService jobs;

    @Autowired
    JobSubmissions submissions;

    @Autowired
    ChunkEmbeddings embeddings;

    @Autowired
    FileService files;

    @Autowired
    JobTypeRegistry registry;

    @Autowired
    WorkClaims claims;

    @Autowired
    WorkReports reports;

    @AfterEach
    void noServiceIsCalled() {
        verifyNoInteractions(jobs, submissions, embeddings, files, registry, claims, reports);
    }

    @Test
    void requestsWithoutATokenAreUnauthorizedWithABearerChallenge() {
        http.get()
                .uri("/api/jobs/{id}", UUID.randomUUID())
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer"))
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.error_code")
                .isEqualTo("UNAUTHORIZED");
        http.post()
                .uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"demo\", \"payload\": {\"stages\": 1}}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .value(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer"));
    }

    @ParameterizedTest(name = "{0} {1} with {2} → needs {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /api/jobs                                            | jobs:read  | jobs:write
            DELETE | /api/jobs/00000000-0000-0000-0000-000000000001       | jobs:read  | jobs:write
            POST   | /api/jobs/00000000-0000-0000-0000-000000000001/rerun | jobs:read  | jobs:write
            GET    | /api/jobs/00000000-0000-0000-0000-000000000001       | jobs:write | jobs:read
            GET    | /api/jobs                                            | jobs:write | jobs:read
            GET    | /api/webhook-secret                                  | jobs:read  | jobs:write
            POST   | /api/webhook-secret/rotate                           | jobs:read  | jobs:write
            POST   | /api/stream-tokens                                   | jobs:write | jobs:read
            POST   | /api/search                                          | jobs:write | jobs:read
            POST   | /api/files?filename=a.txt                            | jobs:read  | jobs:write
            DELETE | /api/files/00000000-0000-0000-0000-000000000001      | jobs:read  | jobs:write
            GET    | /api/files                                           | jobs:write | jobs:read
            GET    | /api/files/00000000-0000-0000-0000-000000000001      | jobs:write | jobs:read
            GET    | /api/files/00000000-0000-0000-0000-000000000001/content | jobs:write | jobs:read
            """)
    void missingScopeIsAForbiddenProblemNamingTheScope(String method, String path, String scopes, String needed) {
        forbidden(method, path, scopes, needed + " jobs:admin");
    }

    /** Job types are every user's: only an admin registers or retires one. */
    @ParameterizedTest(name = "{0} {1} with {2} → needs jobs:admin")
    @CsvSource(delimiter = '|', textBlock = """
            PUT    | /api/job-types/acme.ocr | jobs:read jobs:write
            DELETE | /api/job-types/acme.ocr | jobs:read jobs:write
            PUT    | /api/job-types/demo     | jobs:write
            """)
    void onlyAdminsChangeJobTypes(String method, String path, String scopes) {
        forbidden(method, path, scopes, "jobs:admin");
    }

    /** Workers' routes need the workers' scope, which no other scope implies; and it grants nothing else. */
    @ParameterizedTest(name = "{0} {1} with {2} → needs {3}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /api/workers/claim                                                  | jobs:read jobs:write jobs:admin | jobs:work
            POST | /api/workers/jobs/00000000-0000-0000-0000-000000000001/heartbeat     | jobs:read jobs:write jobs:admin | jobs:work
            POST | /api/workers/jobs/00000000-0000-0000-0000-000000000001/artifacts     | jobs:write                      | jobs:work
            GET  | /api/jobs                                                           | jobs:work                       | jobs:read jobs:admin
            POST | /api/jobs                                                           | jobs:work                       | jobs:write jobs:admin
            """)
    void workersRoutesNeedTheWorkScopeAlone(String method, String path, String scopes, String challenged) {
        forbidden(method, path, scopes, challenged);
    }

    private void forbidden(String method, String path, String scopes, String challenged) {
        http.mutateWith(ApiSliceTest.Token.of("alice", scopes))
                .method(HttpMethod.valueOf(method))
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"type\": \"demo\", \"payload\": {\"stages\": 1}}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .valueEquals(
                        HttpHeaders.WWW_AUTHENTICATE,
                        "Bearer error=\"insufficient_scope\", scope=\"" + challenged + "\"")
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(403)
                .jsonPath("$.error_code")
                .isEqualTo("FORBIDDEN");
    }
}
