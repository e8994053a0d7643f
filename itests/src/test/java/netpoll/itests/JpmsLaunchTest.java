package netpoll.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The same jars work as plain JPMS modules: compiles the small application module in
 * src/jpms-app against the built jars, launches it in a child
 * {@code java --module-path ... -m netpoll.itests.app/...} (no OSGi, no class path), and checks
 * its echo round trip through {@code Netpoll.*} and a {@code ConnectionPool} succeeded and that
 * every module it resolved is a named, non-automatic module (commons-pool2 may be automatic).
 */
class JpmsLaunchTest {

    private static final String APP = "netpoll.itests.app/netpoll.itests.app.EchoApp";
    private static final long CHILD_SECONDS = 60;
    /**
     * The only module allowed to be automatic. Commons Pool 2.13 ships a module-info, so today it
     * is named as well; older versions only named themselves in their manifest.
     */
    private static final String MAY_BE_AUTOMATIC = "org.apache.commons.pool2";

    @Test
    void echoAppRunsOnThePlainModulePathWithNamedModulesOnly() throws Exception {
        List<Path> modulePath = modulePath();
        Path classes = compileApp(modulePath);
        modulePath.add(classes);

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--module-path");
        command.add(modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add("-m");
        command.add(APP);
        Path log = Build.target("jpms-app/run.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(CHILD_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly().waitFor(CHILD_SECONDS, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertTrue(exited, "the app did not end within " + CHILD_SECONDS + " s:\n" + output);
        assertEquals(0, child.exitValue(), "exit code of the app:\n" + output);
        assertTrue(output.lines().anyMatch("echo ok"::equals), "no echo ok:\n" + output);

        Map<String, Boolean> automatic = new TreeMap<>();
        output.lines().filter(l -> l.startsWith("module ")).forEach(l -> {
            String[] parts = l.substring("module ".length()).split(" automatic=");
            automatic.put(parts[0], Boolean.parseBoolean(parts[1]));
        });
        for (String module : Build.MODULES) {
            assertEquals(Boolean.FALSE, automatic.get(module), module + " resolved as a named module:\n" + output);
        }
        assertEquals(Boolean.FALSE, automatic.get("org.slf4j"), "slf4j-api resolved as a named module:\n" + output);
        List<String> automaticOnes = automatic.entrySet().stream().filter(Map.Entry::getValue)
                .map(Map.Entry::getKey).collect(Collectors.toCollection(ArrayList::new));
        automaticOnes.remove(MAY_BE_AUTOMATIC);
        assertEquals(List.of(), automaticOnes, "automatic modules besides commons-pool2:\n" + output);
        assertTrue(automatic.containsKey(MAY_BE_AUTOMATIC), "commons-pool2 resolved:\n" + output);
    }

    /** The netpoll jars, slf4j-api and slf4j-simple, and commons-pool2: nothing else. */
    private static List<Path> modulePath() {
        List<Path> path = new ArrayList<>();
        for (String module : Build.MODULES) {
            path.add(Build.jar(module));
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String file = Path.of(entry).getFileName().toString();
            if (file.startsWith("slf4j-api-") || file.startsWith("slf4j-simple-") || file.startsWith("commons-pool2-")) {
                path.add(Path.of(entry));
            }
        }
        assertEquals(Build.MODULES.size() + 3, path.size(), "module path " + path);
        return path;
    }

    private static Path compileApp(List<Path> modulePath) throws IOException {
        Path sources = Build.basedir("src/jpms-app");
        Path classes = Build.target("jpms-app/classes");
        Files.createDirectories(classes);
        List<String> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).collect(Collectors.toList());
        }
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "--module-path",
                modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(new String[0]));
        assertEquals(0, rc, "javac of " + sources + " failed:\n" + diagnostics.toString(StandardCharsets.UTF_8));
        return classes;
    }
}
