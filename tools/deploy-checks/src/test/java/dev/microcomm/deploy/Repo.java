package dev.microcomm.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checked files live: the repository root is handed in by Surefire (see pom.xml). */
final class Repo {

    static final Path ROOT = findRoot();
    static final Path CHART = ROOT.resolve("helm/microcomm");
    static final Path K8S = ROOT.resolve("k8s");
    static final Path SERVICES = ROOT.resolve("services");

    private Repo() {
    }

    private static Path findRoot() {
        String configured = System.getProperty("microcomm.root");
        Path start = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("").toAbsolutePath();
        // From an IDE the working directory is the module: walk up to the directory holding helm/ and services/.
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("helm")) && Files.isDirectory(dir.resolve("services"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root (with helm/ and services/) not found above " + start);
    }
}
