package netpoll.benchmarks.echo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Netty's side of {@link EchoProtocol}: cuts whole frames out of the inbound bytes and passes on
 * each payload as a new {@code byte[]} (the decoder's own memory, as the protocol asks), and
 * encodes a payload into a pooled buffer.
 *
 * <p>Thread contract: one instance per channel, used only on that channel's event loop (as
 * every {@link ByteToMessageDecoder}); {@link #encode} is static and safe from any thread.
 */
public final class NettyFrameDecoder extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
            throws Exception {
        while (in.readableBytes() >= EchoProtocol.HEADER_BYTES) {
            int length = EchoProtocol.checkLength(in.getInt(in.readerIndex()));
            if (in.readableBytes() < EchoProtocol.HEADER_BYTES + length) {
                return;
            }
            in.skipBytes(EchoProtocol.HEADER_BYTES);
            byte[] payload = new byte[length];
            in.readBytes(payload);
            out.add(payload);
        }
    }

    /**
     * Encodes one frame into a buffer of {@code alloc} (pooled when the channel is configured so).
     *
     * @param alloc the channel's allocator
     * @param payload the payload to copy in
     * @return the frame; the caller writes it and Netty releases it
     */
    public static ByteBuf encode(ByteBufAllocator alloc, byte[] payload) {
        ByteBuf frame = alloc.ioBuffer(EchoProtocol.HEADER_BYTES + payload.length);
        frame.writeInt(payload.length);
        frame.writeBytes(payload);
        return frame;
    }
}
