package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.scr4j.group.GroupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first thing on every connection of the job group: each side proves it holds the job secret
 * without sending it. The client sends a fresh nonce; the server answers with its own nonce and an
 * HMAC over both; the client checks it and answers with its own HMAC over both. The two HMACs are
 * labelled by role and by the connection's purpose, so neither can be replayed as the other, and
 * fresh nonces from both sides mean no recorded handshake can be replayed. A server refuses and
 * logs (WARN, with the remote address and why) every connection that fails; only then does it
 * hand the connection to {@code next}.
 */
final class Handshake extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    private static final int MAGIC = 0x5343524A;
    private static final byte VERSION = 1;
    private static final int NONCE = 32;
    private static final int MAC = 32;
    private static final byte[] SERVER_LABEL = "scr4j group server".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLIENT_LABEL = "scr4j group client".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a connection is for; a client must ask for what the server offers. */
    enum Purpose {
        CONTROL(1), DATA(2);

        final byte code;

        Purpose(int code) {
            this.code = (byte) code;
        }

        String describe() {
            return this == CONTROL ? "control" : "data";
        }
    }

    private final boolean server;
    private final Purpose purpose;
    private final JobSecret secret;
    private final long timeoutMillis;
    private final Consumer<Channel> next;
    private final CompletableFuture<Channel> done;
    private final byte[] ownNonce = new byte[NONCE];
    private byte[] clientNonce;
    private byte[] serverNonce;
    private ScheduledFuture<?> deadline;
    private boolean finished;

    private Handshake(boolean server, Purpose purpose, JobSecret secret, long timeoutMillis, Consumer<Channel> next,
            CompletableFuture<Channel> done) {
        this.server = server;
        this.purpose = requireNonNull(purpose, "purpose is null");
        this.secret = requireNonNull(secret, "secret is null");
        this.timeoutMillis = timeoutMillis;
        this.next = requireNonNull(next, "next is null");
        this.done = requireNonNull(done, "done is null");
        RANDOM.nextBytes(ownNonce);
    }

    /** The accepting side: refuses and logs strangers; {@code next} installs the handlers for a proven peer. */
    static Handshake server(Purpose purpose, JobSecret secret, long timeoutMillis, Consumer<Channel> next) {
        return new Handshake(true, purpose, secret, timeoutMillis, next, new CompletableFuture<>());
    }

    /** The connecting side; {@code done} completes with the channel once both sides are proven, or with the reason not. */
    static Handshake client(Purpose purpose, JobSecret secret, long timeoutMillis, Consumer<Channel> next,
            CompletableFuture<Channel> done) {
        return new Handshake(false, purpose, secret, timeoutMillis, next, done);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> fail(ctx, "it did not finish the handshake within " + timeoutMillis + " ms"),
                timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (!server) {
            clientNonce = ownNonce;
            ByteBuf body = ctx.alloc().buffer(4 + 2 + NONCE).writeInt(MAGIC).writeByte(VERSION).writeByte(purpose.code)
                    .writeBytes(clientNonce);
            ctx.writeAndFlush(Wire.frame(ctx.alloc(), FrameType.AUTH_HELLO, 0, body))
                    .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Frame frame = (Frame) msg;
        try {
            if (finished) {
                return;
            }
            switch (frame.type()) {
                case AUTH_HELLO -> onHello(ctx, frame.body());
                case AUTH_CHALLENGE -> onChallenge(ctx, frame.body());
                case AUTH_PROOF -> onProof(ctx, frame.body());
                case AUTH_OK -> onOk(ctx);
                case REFUSED -> fail(ctx, "it refused the connection: " + Wire.text(frame.body()));
                default -> fail(ctx, "it sent a " + frame.type() + " frame before the handshake was done");
            }
        } finally {
            frame.body().release();
        }
    }

    private void onHello(ChannelHandlerContext ctx, ByteBuf body) {
        if (!server || clientNonce != null) {
            fail(ctx, "it sent an unexpected AUTH_HELLO");
            return;
        }
        if (body.readableBytes() != 4 + 2 + NONCE || body.readInt() != MAGIC) {
            fail(ctx, "it did not open with the scr4j job group handshake (not an scr4j rank)");
            return;
        }
        byte version = body.readByte();
        byte asked = body.readByte();
        if (version != VERSION) {
            fail(ctx, "it speaks version " + version + " of the scr4j group protocol and this process version " + VERSION
                    + ". Fix: run every rank with the same scr4j");
            return;
        }
        if (asked != purpose.code) {
            fail(ctx, "it asked for a connection of another kind (" + asked + ") on this " + purpose.describe() + " port");
            return;
        }
        clientNonce = Wire.readExactly(body, NONCE);
        serverNonce = ownNonce;
        ByteBuf reply = ctx.alloc().buffer(NONCE + MAC).writeBytes(serverNonce).writeBytes(proof(SERVER_LABEL));
        ctx.writeAndFlush(Wire.frame(ctx.alloc(), FrameType.AUTH_CHALLENGE, 0, reply))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private void onChallenge(ChannelHandlerContext ctx, ByteBuf body) {
        if (server || serverNonce != null || body.readableBytes() != NONCE + MAC) {
            fail(ctx, "it sent an unexpected AUTH_CHALLENGE");
            return;
        }
        serverNonce = Wire.readExactly(body, NONCE);
        if (!JobSecret.same(Wire.readExactly(body, MAC), proof(SERVER_LABEL))) {
            fail(ctx, "it did not prove it holds the job secret: it has a different secret, or it is not part of this job."
                    + " Fix: give every rank of the job the same SCR4J_SECRET_FILE");
            return;
        }
        ctx.writeAndFlush(Wire.frame(ctx.alloc(), FrameType.AUTH_PROOF, 0, proof(CLIENT_LABEL)))
                .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private void onProof(ChannelHandlerContext ctx, ByteBuf body) {
        if (!server || serverNonce == null || body.readableBytes() != MAC) {
            fail(ctx, "it sent an AUTH_PROOF out of turn");
            return;
        }
        if (!JobSecret.same(Wire.readExactly(body, MAC), proof(CLIENT_LABEL))) {
            fail(ctx, "its proof does not match the job secret: it holds another secret, or none");
            return;
        }
        ctx.writeAndFlush(Wire.frame(ctx.alloc(), FrameType.AUTH_OK, 0)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        succeed(ctx);
    }

    private void onOk(ChannelHandlerContext ctx) {
        if (server || serverNonce == null) {
            fail(ctx, "it sent AUTH_OK out of turn");
            return;
        }
        succeed(ctx);
    }

    private byte[] proof(byte[] label) {
        return secret.mac(label, new byte[] {purpose.code}, clientNonce, serverNonce);
    }

    private void succeed(ChannelHandlerContext ctx) {
        finished = true;
        deadline.cancel(false);
        Channel channel = ctx.channel();
        ctx.pipeline().remove(this);
        next.accept(channel);
        done.complete(channel);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (finished) {
            // Only a refused connection still runs through here (a proven one has removed this handler); it is closing.
            LOG.debug("after refusing {}: {}", Wire.address(ctx.channel().remoteAddress()), cause.toString());
            return;
        }
        fail(ctx, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!finished) {
            fail(ctx, server ? "it closed the connection before proving it holds the job secret"
                    : "it closed the connection during the handshake");
        }
        ctx.fireChannelInactive();
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        if (finished) {
            return;
        }
        finished = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        String text = (server ? "refused a " : "could not open a ") + purpose.describe() + " connection "
                + (server ? "from " : "to ") + Wire.address(ctx.channel().remoteAddress()) + ": " + why;
        if (server) {
            LOG.warn(text);
        }
        done.completeExceptionally(new GroupException(text, null));
        // Only the server explains itself: a client that gives up has nothing to tell a server it does not trust.
        if (server && ctx.channel().isActive()) {
            ctx.writeAndFlush(Wire.frame(ctx.alloc(), FrameType.REFUSED, 0, why)).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
