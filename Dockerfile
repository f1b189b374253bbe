# One image recipe for all three services: docker build --build-arg SERVICE=booking-service .
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY common/pom.xml common/
COPY booking-service/pom.xml booking-service/
COPY cache-service/pom.xml cache-service/
COPY queue-worker/pom.xml queue-worker/
COPY system-tests/pom.xml system-tests/
RUN ./mvnw -q -B dependency:go-offline -pl common,booking-service,cache-service,queue-worker -am || true
COPY db db
COPY common common
COPY booking-service booking-service
COPY cache-service cache-service
COPY queue-worker queue-worker
ARG SERVICE
RUN ./mvnw -q -B package -DskipTests -pl ${SERVICE} -am \
 && java -Djarmode=tools -jar ${SERVICE}/target/${SERVICE}-1.0.0-SNAPSHOT-exec.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:21-jre
RUN groupadd --system app && useradd --system --gid app --home /app app
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER app
ARG SERVICE
ENV SERVICE=${SERVICE} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fs "http://localhost:${SERVER_PORT:-8080}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
