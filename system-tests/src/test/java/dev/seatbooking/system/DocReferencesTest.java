package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * What the documentation says about the code stays true, in the spirit of {@link OpenApiTest}: every
 * test a document names exists (a renamed or removed test fails the build until the document
 * follows), and every setting the services read is in .env.example with the default it has in the
 * services' configuration, and nothing is there that nothing reads.
 */
class DocReferencesTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    /** {@code SomeTest} or {@code SomeTest.someMethod}; an annotation such as {@code @WebMvcTest} is not a reference. */
    private static final Pattern TEST_REFERENCE = Pattern.compile("(?<![@\\w.])([A-Z][A-Za-z0-9]*Test)(?:\\.([a-z][A-Za-z0-9]*))?\\b");

    /** A test or method name shortened with an ellipsis: {@code SomeTest.someMeth...} or {@code ...someMethod}. */
    private static final Pattern INCOMPLETE_REFERENCE = Pattern.compile("[A-Z]\\w*Test\\.\\w*\\.\\.\\.|`\\.\\.\\.[a-z]\\w*");

    /** {@code ${VARIABLE:default}} in a service's YAML configuration. */
    private static final Pattern SETTING = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

    /** {@code VARIABLE=value}, or commented out: {@code # VARIABLE=value}. */
    private static final Pattern ENV_LINE = Pattern.compile("^#? ?([A-Z][A-Z0-9_]*)=(.*)$", Pattern.MULTILINE);

    @Test
    void everyTestADocumentNamesExists() {
        Map<String, List<String>> testSources = testSources();
        List<String> missing = new ArrayList<>();
        for (Path document : documents()) {
            Matcher reference = TEST_REFERENCE.matcher(read(document));
            while (reference.find()) {
                String testClass = reference.group(1);
                String method = reference.group(2);
                List<String> sources = testSources.getOrDefault(testClass, List.of());
                if (sources.isEmpty()) {
                    missing.add(ROOT.relativize(document) + ": class " + testClass);
                } else if (method != null && sources.stream()
                        .noneMatch(source -> Pattern.compile("\\bvoid " + method + "\\(").matcher(source).find())) {
                    missing.add(ROOT.relativize(document) + ": method " + testClass + "." + method);
                }
            }
            // a name cut short cannot be checked, so none is written that way
            INCOMPLETE_REFERENCE.matcher(read(document)).results()
                    .forEach(cut -> missing.add(ROOT.relativize(document) + ": incomplete " + cut.group()));
        }
        assertThat(missing).as("tests named in the documentation that do not exist").isEmpty();
    }

    @Test
    void theDocumentsNameTestsAtAll() {
        // the pattern above must keep matching what the documents write, or the check above checks nothing
        long references = documents().stream().map(DocReferencesTest::read)
                .mapToLong(text -> TEST_REFERENCE.matcher(text).results().count()).sum();
        assertThat(references).isGreaterThan(50);
    }

    @Test
    void everySettingIsInEnvExampleWithItsDefault() {
        Map<String, String> listed = new LinkedHashMap<>();
        ENV_LINE.matcher(read(ROOT.resolve(".env.example"))).results()
                .forEach(line -> listed.put(line.group(1), line.group(2)));
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Path yaml : serviceConfigurations()) {
            SETTING.matcher(read(yaml)).results().forEach(setting -> {
                String earlier = defaults.putIfAbsent(setting.group(1), setting.group(2));
                assertThat(earlier).as("%s has one default wherever it is read", setting.group(1))
                        .isIn(null, setting.group(2));
            });
        }
        assertThat(defaults).as("settings the services read").hasSizeGreaterThan(40);
        defaults.forEach((variable, fallback) -> assertThat(listed)
                .as(".env.example lists %s with the default of the services' configuration", variable)
                .containsEntry(variable, fallback));
    }

    @Test
    void everythingInEnvExampleIsReadBySomething() {
        StringBuilder readers = new StringBuilder();
        Stream.concat(serviceConfigurations().stream(), Stream.of("run.sh", "docker-compose.yml",
                "docker-compose.prod.yml", "docker/start", "scripts/dev-token.py", "bench/run.sh").map(ROOT::resolve))
                .filter(Files::exists).forEach(file -> readers.append(read(file)));
        Set<String> unread = new TreeSet<>();
        ENV_LINE.matcher(read(ROOT.resolve(".env.example"))).results().map(line -> line.group(1))
                // Spring Boot reads any property from its environment variable by itself
                .filter(variable -> !variable.startsWith("MANAGEMENT_") && !variable.startsWith("SPRING_"))
                .filter(variable -> !Pattern.compile("\\b" + variable + "\\b").matcher(readers).find())
                .forEach(unread::add);
        assertThat(unread).as("variables in .env.example that no configuration or script reads").isEmpty();
    }

    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static List<Path> serviceConfigurations() {
        try (Stream<Path> files = Files.list(ROOT)) {
            return files.map(module -> module.resolve("src/main/resources"))
                    .filter(Files::isDirectory)
                    .flatMap(DocReferencesTest::list)
                    .filter(path -> path.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Simple class name to the sources of the test classes of that name (two modules may have one each). */
    private static Map<String, List<String>> testSources() {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(path -> path.toString().contains("/src/test/java/") && path.toString().endsWith(".java"))
                    .forEach(path -> sources.computeIfAbsent(path.getFileName().toString().replace(".java", ""),
                            name -> new ArrayList<>()).add(read(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    private static Stream<Path> list(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
