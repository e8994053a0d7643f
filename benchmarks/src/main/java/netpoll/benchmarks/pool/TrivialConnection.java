package netpoll.benchmarks.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.Duration;
import netpoll.api.CloseCallback;
import netpoll.api.Connection;
import netpoll.api.OnRequest;
import netpoll.api.Reader;
import netpoll.api.Writer;

/**
 * A connection that does nothing, so that a borrow+return benchmark measures only the pool: it
 * is always active, holds no bytes, and refuses I/O. The pool calls only {@link #isActive()},
 * {@link #length()}, {@link #mallocLength()}, the timeout setters, {@link #addCloseCallback} and
 * {@link #close()}.
 */
final class TrivialConnection implements Connection {

    private static final SocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 1);

    private final SocketAddress remote;
    private volatile boolean active = true;

    TrivialConnection(SocketAddress remote) {
        this.remote = remote;
    }

    private static UnsupportedOperationException noIo() {
        return new UnsupportedOperationException("a trivial connection carries no bytes");
    }

    @Override
    public Reader reader() {
        return this;
    }

    @Override
    public Writer writer() {
        return this;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    @Override
    public boolean isOpen() {
        return active;
    }

    @Override
    public void setReadTimeout(Duration timeout) {
        // nothing to time out
    }

    @Override
    public void setWriteTimeout(Duration timeout) {
        // nothing to time out
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        // no socket
    }

    @Override
    public void setMaxInputBytes(int maxBytes) {
        // no input
    }

    @Override
    public <C> void setOnRequest(OnRequest<C> onRequest, C context) {
        // no input
    }

    @Override
    public void addCloseCallback(CloseCallback callback) {
        // never closes by itself
    }

    @Override
    public void pauseRead() {
        // no input
    }

    @Override
    public void resumeRead() {
        // no input
    }

    @Override
    public SocketAddress localAddress() {
        return LOCAL;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public ByteBuffer next(int n) {
        throw noIo();
    }

    @Override
    public ByteBuffer peek(int n) {
        throw noIo();
    }

    @Override
    public void skip(int n) {
        throw noIo();
    }

    @Override
    public ByteBuffer until(byte delim) {
        throw noIo();
    }

    @Override
    public String readString(int n, Charset charset) {
        throw noIo();
    }

    @Override
    public byte[] readBinary(int n) {
        throw noIo();
    }

    @Override
    public byte readByte() {
        throw noIo();
    }

    @Override
    public short readShort() {
        throw noIo();
    }

    @Override
    public int readInt() {
        throw noIo();
    }

    @Override
    public long readLong() {
        throw noIo();
    }

    @Override
    public Reader slice(int n) {
        throw noIo();
    }

    @Override
    public void release() {
        // nothing read
    }

    @Override
    public int length() {
        return 0;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw noIo();
    }

    @Override
    public ByteBuffer malloc(int n) {
        throw noIo();
    }

    @Override
    public int writeString(String s, Charset charset) {
        throw noIo();
    }

    @Override
    public int writeBinary(byte[] b) {
        throw noIo();
    }

    @Override
    public int writeBinary(ByteBuffer src) {
        throw noIo();
    }

    @Override
    public void writeByte(byte b) {
        throw noIo();
    }

    @Override
    public void writeShort(short v) {
        throw noIo();
    }

    @Override
    public void writeInt(int v) {
        throw noIo();
    }

    @Override
    public void writeLong(long v) {
        throw noIo();
    }

    @Override
    public void writeDirect(ByteBuffer src, int remainCap) {
        throw noIo();
    }

    @Override
    public void mallocAck(int n) {
        throw noIo();
    }

    @Override
    public void append(Writer other) {
        throw noIo();
    }

    @Override
    public void flush() {
        // nothing staged
    }

    @Override
    public int mallocLength() {
        return 0;
    }

    @Override
    public int write(ByteBuffer src) {
        throw noIo();
    }

    @Override
    public void close() throws IOException {
        active = false;
    }
}
