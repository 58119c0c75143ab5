/**
 * Redis going away must not kill the process: socket.io's emitter and adapter
 * publish without handling the promise, and a fail-fast producer connection
 * rejects it. Found by the chaos drill D3 (every API and workers process
 * crashed with an unhandled MaxRetriesPerRequestError when Redis died).
 */
import net from 'node:net';
import { expect } from 'chai';
import { createRedis, createRedisEmitter } from '../src/index';

const closedPort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

describe('realtime events while Redis is down', () => {
  it('a publish that fails is dropped, not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    // Mocha's own handler would fail the run; this test counts them itself.
    const mochaHandlers = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', onUnhandled);
    const redis = createRedis(`redis://127.0.0.1:${await closedPort()}`, 'producer');
    try {
      const realtime = createRedisEmitter(redis, 'hotline-test-redis-down');
      for (let i = 0; i < 5; i++) realtime.emit(['province:01'], 'call.created' as never, {} as never);
      let direct: unknown = null;
      await redis.publish('channel', 'message').catch((err: unknown) => (direct = err));
      await new Promise((r) => setTimeout(r, 1500));
      expect(direct, 'a caller that awaits still sees the failure').to.be.instanceOf(Error);
      expect(unhandled.map(String)).to.deep.equal([]);
    } finally {
      redis.disconnect();
      process.off('unhandledRejection', onUnhandled);
      for (const h of mochaHandlers) process.on('unhandledRejection', h as (...args: unknown[]) => void);
    }
  });
});
