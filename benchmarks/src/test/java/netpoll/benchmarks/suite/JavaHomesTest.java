package netpoll.benchmarks.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaHomesTest {

    @TempDir
    Path jvms;

    @Test
    void theNewestJdkWithVirtualThreadsIsChosen() throws IOException {
        fakeJdk("java-17", "17.0.15");
        fakeJdk("temurin-21", "21.0.5");
        fakeJdk("temurin-25", "25.0.3");
        assertEquals(Optional.of(jvms.resolve("temurin-25")), JavaHomes.newestWithVirtualThreads(jvms));
        assertEquals(25, JavaHomes.feature(jvms.resolve("temurin-25")));
    }

    @Test
    void onlyOlderJdksMeansNone() throws IOException {
        fakeJdk("java-17", "17.0.15");
        Files.createDirectories(jvms.resolve("broken"));
        assertTrue(JavaHomes.newestWithVirtualThreads(jvms).isEmpty());
        assertEquals(0, JavaHomes.feature(jvms.resolve("broken")));
    }

    @Test
    void anExplicitHomeWins() {
        Path given = jvms.resolve("anything");
        assertEquals(Optional.of(given), JavaHomes.forVirtual(given));
    }

    private void fakeJdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
    }
}
