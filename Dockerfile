# syntax=docker/dockerfile:1
#
# jobstream's image: docker build -t jobstream .   (see docs/operations.md#deploying)
#
# Two stages. The first compiles and packages the fat jar with the JDK and Maven (through the
# wrapper), then splits it with Spring Boot's jarmode tools into its layers; the second is a
# JRE with Tesseract, where the layers are copied from the least to the most often changed, so
# a change to jobstream's own code rebuilds and pushes only the last, small layer (about 5 MB;
# the libraries are about 265 MB).

FROM eclipse-temurin:21-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/main/ src/main/
# The tests are neither compiled nor run here (CI runs them: ./mvnw verify), and the fat jar holds
# the runtime dependencies only, so nothing of test scope reaches the image. The Maven repository
# is a cache mount: a rebuild downloads nothing it already has.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -Dmaven.test.skip=true \
    && java -Djarmode=tools -jar target/jobstream-*.jar extract --layers \
        --destination /extracted --application-filename jobstream.jar

FROM eclipse-temurin:21-jre-noble
# OCR for parse jobs (extraction_method auto, ocr, combined): the parser's child JVMs run the
# tesseract command with its English model (see docs/documents.md)
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng \
    && rm -rf /var/lib/apt/lists/*
# A fixed UID and GID, so that runAsUser, runAsNonRoot and volume permissions can name them
RUN groupadd --system --gid 10001 jobstream \
    && useradd --system --uid 10001 --gid 10001 --home-dir /home/jobstream --create-home \
        --shell /usr/sbin/nologin jobstream
WORKDIR /app
# The layers of `jarmode=tools extract --layers` without --launcher: jobstream.jar is a thin jar
# whose manifest names its libraries in lib/, run with java -jar as Spring Boot's docs show. The
# parser's child JVMs start from the same jar (its manifest gives them the same class path).
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
# Everything jobstream writes goes to /tmp: uploads on their way to storage, documents being
# parsed, Tika's and onnxruntime's scratch files, and the natives that the embedding model's
# tokenizer (DJL) unpacks, which would go to ~/.djl.ai. So the root file system can be read-only
# with a volume on /tmp (deploy/kubernetes does that).
ENV DJL_CACHE_DIR=/tmp/djl
# Half the container's memory for the service's heap: the parser's child JVMs (jobstream.parsing.
# processes, each up to jobstream.parsing.max-heap), Tesseract and the JVM's off-heap memory
# (Netty, onnxruntime) share the other half. Out of memory, the JVM exits and the container is
# restarted rather than limping on. Replace the whole variable to change them; the parser's
# children do not inherit it (they get their own -Xmx).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# The JRE image has neither curl nor wget: bash asks for the readiness group, which answers 200
# only while this instance reaches the database's notifications and Kafka (503 otherwise)
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]
ENTRYPOINT ["java", "-jar", "/app/jobstream.jar"]
