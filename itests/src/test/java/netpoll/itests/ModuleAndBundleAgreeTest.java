package netpoll.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every library module is a real JPMS module and an OSGi bundle at once, and the two views
 * agree: same name, same exported packages, no implementation package exported by either.
 * Checks the built artifacts on this test's class path (jars under {@code mvn verify}, the
 * compiled class directories with bnd's manifest under {@code mvn test}).
 */
class ModuleAndBundleAgreeTest {

    private static final Set<String> LIBRARY_MODULES =
            Set.of("netpoll.api", "netpoll.mcache", "netpoll.gopool", "netpoll.nio", "netpoll.pool");

    @Test
    void everyLibraryModuleIsANamedModuleWhoseExportsMatchItsBundleManifest() throws IOException {
        Map<String, Path> found = libraryArtifacts();
        assertEquals(LIBRARY_MODULES, found.keySet(), "library modules on the test class path");
        for (Map.Entry<String, Path> e : found.entrySet()) {
            ModuleDescriptor module = describe(e.getValue());
            Attributes manifest = manifest(e.getValue());
            String where = e.getKey() + " (" + e.getValue() + ")";

            assertFalse(module.isAutomatic(), where + " must have a module-info.class");
            assertEquals(module.name(), manifest.getValue("Bundle-SymbolicName"),
                    where + ": Bundle-SymbolicName must equal the module name");
            assertEquals(e.getKey(), module.name(), where + ": module name must equal the artifactId");

            Set<String> jpmsExports = module.exports().stream()
                    .filter(x -> !x.isQualified())
                    .map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            Map<String, String> osgiExports = exportPackage(manifest.getValue("Export-Package"));
            assertEquals(jpmsExports, osgiExports.keySet(),
                    where + ": module-info exports and Export-Package must name the same packages");
            for (Map.Entry<String, String> pkg : osgiExports.entrySet()) {
                assertFalse(pkg.getKey().contains(".internal"), where + " exports " + pkg.getKey());
                assertTrue(pkg.getValue().contains("version="),
                        where + ": Export-Package " + pkg.getKey() + " has no version");
            }
            module.exports().forEach(x -> assertFalse(x.isQualified(),
                    where + " has a qualified export: implementation packages stay private"));
        }
    }

    @Test
    void importsCarryVersionRangesAndSlf4jIsImportedNotEmbedded() throws IOException {
        for (Map.Entry<String, Path> e : libraryArtifacts().entrySet()) {
            Attributes manifest = manifest(e.getValue());
            String imports = manifest.getValue("Import-Package");
            if (imports != null) {
                for (String clause : splitClauses(imports)) {
                    String pkg = clause.split(";", 2)[0];
                    if (!pkg.startsWith("java.") && !pkg.startsWith("jdk.")) {
                        assertTrue(clause.contains("version="), e.getKey() + " imports " + clause
                                + " without a version range");
                    }
                }
            }
            String exports = String.valueOf(manifest.getValue("Export-Package"));
            assertFalse(exports.contains("org.slf4j"), e.getKey() + " embeds slf4j");
            assertFalse(String.valueOf(manifest.getValue("Private-Package")).contains("org.slf4j"),
                    e.getKey() + " embeds slf4j");
        }
    }

    @Test
    void apiExportsItsTwoPackagesWithVersions() throws IOException {
        Map<String, String> exports = exportPackage(
                manifest(libraryArtifacts().get("netpoll.api")).getValue("Export-Package"));
        assertEquals(Set.of("netpoll.api", "netpoll.api.spi"), exports.keySet());
    }

    @Test
    void dependenciesThatShipARealModuleAreNotAutomatic() {
        Path slf4j = classPath().stream()
                .filter(p -> p.getFileName().toString().startsWith("slf4j-api"))
                .findFirst().orElseThrow(() -> new AssertionError("slf4j-api not on the class path"));
        assertFalse(describe(slf4j).isAutomatic(), "slf4j-api must resolve as a named module");
    }

    private static Map<String, Path> libraryArtifacts() {
        Map<String, Path> found = new TreeMap<>();
        for (Path p : classPath()) {
            String name = artifactName(p);
            if (name != null && LIBRARY_MODULES.contains(name)) {
                found.put(name, p);
            }
        }
        return found;
    }

    /** netpoll.api-0.1.0-SNAPSHOT.jar, or …/netpoll.api/target/classes, gives netpoll.api. */
    private static String artifactName(Path p) {
        String file = p.getFileName().toString();
        if (file.endsWith(".jar")) {
            int dash = file.indexOf('-');
            return dash < 0 ? null : file.substring(0, dash);
        }
        if (file.equals("classes") && p.getParent() != null && p.getParent().getParent() != null) {
            return p.getParent().getParent().getFileName().toString();
        }
        return null;
    }

    private static List<Path> classPath() {
        List<Path> paths = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty()) {
                paths.add(Path.of(entry));
            }
        }
        return paths;
    }

    private static ModuleDescriptor describe(Path artifact) {
        Optional<ModuleReference> ref = ModuleFinder.of(artifact).findAll().stream().findFirst();
        assertTrue(ref.isPresent(), "no module found in " + artifact);
        return ref.get().descriptor();
    }

    private static Attributes manifest(Path artifact) throws IOException {
        if (Files.isDirectory(artifact)) {
            Path mf = artifact.resolve("META-INF/MANIFEST.MF");
            assertTrue(Files.exists(mf), "bnd wrote no manifest in " + artifact);
            try (InputStream in = Files.newInputStream(mf)) {
                return new Manifest(in).getMainAttributes();
            }
        }
        try (JarFile jar = new JarFile(artifact.toFile())) {
            Manifest mf = jar.getManifest();
            assertNotNull(mf, "no manifest in " + artifact);
            return mf.getMainAttributes();
        }
    }

    /** Package name to its attributes, from an OSGi Export-Package header. */
    private static Map<String, String> exportPackage(String header) {
        Map<String, String> result = new TreeMap<>();
        if (header != null) {
            for (String clause : splitClauses(header)) {
                String[] parts = clause.split(";", 2);
                result.put(parts[0].trim(), parts.length > 1 ? parts[1] : "");
            }
        }
        return result;
    }

    /** Splits an OSGi header at the commas that are outside quotes. */
    private static List<String> splitClauses(String header) {
        List<String> clauses = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            clauses.add(current.toString().trim());
        }
        return clauses;
    }
}
