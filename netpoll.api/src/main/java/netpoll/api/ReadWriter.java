package netpoll.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Both sides of a stream of bytes, such as a {@link Connection} or a {@code LinkBuffer}: one
 * reader and one writer may work on it at the same time.
 */
@ProviderType
public interface ReadWriter extends Reader, Writer {
}
