#!/usr/bin/env python3
"""bench/simpy_canonical.py: the canonical flash spike as a SimPy model, for `make bench`.

An independent model of the built-in flash-spike scenario, written the way a SimPy
user would write it, so that `make bench` can say how much faster ordersim runs the
same thing. The scenario (scenarios/flash-spike.yaml): Poisson arrivals at 1000/s,
10 000/s from 10 s to 20 s, 1000/s again until 60 s, then 30 s of drain. Both
wirings see the same arrivals:

  sync   A (4000 threads, 20 ms) calls B and waits, at most 3 s; B has 2000 threads
         and an accept queue of 20 000 (a call finding both full is refused); B works
         190 ms, then queries the database (60 connections, 10 ms, at most 1 s
         waiting for a connection).
  async  A works 20 ms and sends to the MQ (5 ms round trip; stored half way), then
         answers. One consumer group takes messages in order, at most 6000/s and
         1200 unacknowledged, and hands each to B (190 ms + the query), which acks;
         a failed query puts the message back.

Prints one line: the figures to hold against `ordersim run` (rejected and failed,
latency p50, backlog max and when the backlog drained) and the run's wall and CPU
time:
  simpy orders=N sync_rejected=R sync_failed=F sync_p50_ms=X async_p50_ms=Y
        backlog_max=B drained_s=D seconds=S cpu_seconds=C
Usage: simpy_canonical.py [SEED]
"""
import random
import sys
import time

import simpy

PHASES = [(0.0, 1000.0), (10.0, 10000.0), (20.0, 1000.0)]
DURATION, DRAIN = 60.0, 30.0
A_THREADS, A_WORK = 4000, 0.020
B_THREADS, B_QUEUE, B_WORK, B_TIMEOUT = 2000, 20000, 0.190, 3.0
DB_CONNECTIONS, DB_QUERY, DB_QUEUE_TIMEOUT = 60, 0.010, 1.0
MQ_SEND, MQ_RATE, MQ_INFLIGHT = 0.005, 6000.0, 1200


def rate_at(t):
    rate = PHASES[0][1]
    for at, r in PHASES:
        if t >= at:
            rate = r
    return rate


def next_boundary(t):
    for at, _ in PHASES:
        if at > t:
            return at
    return DURATION


class Wiring:
    """A's threads, B's threads, the database, and what the wiring measured."""

    def __init__(self, env):
        self.env = env
        self.a_busy = 0
        self.b = simpy.Resource(env, B_THREADS)
        self.db = simpy.Resource(env, DB_CONNECTIONS)
        self.latencies = []
        self.rejected = 0
        self.failed = 0

    def query(self):
        """One database query; True when it got a connection in time."""
        req = self.db.request()
        got = yield req | self.env.timeout(DB_QUEUE_TIMEOUT)
        if req not in got:
            req.cancel()
            return False
        yield self.env.timeout(DB_QUERY)
        self.db.release(req)
        return True


class Sync(Wiring):
    def order(self, arrival):
        if self.a_busy >= A_THREADS:
            self.rejected += 1
            return
        self.a_busy += 1
        yield self.env.timeout(A_WORK)
        if len(self.b.queue) >= B_QUEUE and self.b.count >= B_THREADS:
            self.failed += 1  # B refuses the call
        else:
            call = self.env.process(self.b_call())
            done = yield call | self.env.timeout(B_TIMEOUT)
            if call in done and done[call]:
                self.latencies.append(self.env.now - arrival)
            else:
                self.failed += 1
        self.a_busy -= 1

    def b_call(self):
        with self.b.request() as req:
            yield req
            yield self.env.timeout(B_WORK)
            ok = yield from self.query()
        return ok


class Async(Wiring):
    def __init__(self, env):
        super().__init__(env)
        self.store = simpy.Store(env)
        self.inflight = simpy.Container(env, MQ_INFLIGHT, init=MQ_INFLIGHT)
        self.backlog = 0
        self.backlog_max = 0
        self.backlog_max_at = 0.0
        self.drained_at = None
        env.process(self.consumer())

    def set_backlog(self, delta):
        self.backlog += delta
        if self.backlog > self.backlog_max:
            self.backlog_max = self.backlog
            self.backlog_max_at = self.env.now
            self.drained_at = None
        elif self.backlog == 0 and self.drained_at is None:
            self.drained_at = self.env.now

    def order(self, arrival):
        if self.a_busy >= A_THREADS:
            self.rejected += 1
            return
        self.a_busy += 1
        yield self.env.timeout(A_WORK + MQ_SEND / 2)
        self.store.put(arrival)  # stored half way through the round trip
        self.set_backlog(+1)
        yield self.env.timeout(MQ_SEND / 2)
        self.latencies.append(self.env.now - arrival)
        self.a_busy -= 1

    def consumer(self):
        gap, next_at = 1.0 / MQ_RATE, 0.0
        while True:
            arrival = yield self.store.get()
            yield self.inflight.get(1)
            if self.env.now < next_at:
                yield self.env.timeout(next_at - self.env.now)
            next_at = max(self.env.now, next_at) + gap
            self.set_backlog(-1)  # in the consumer's hands
            self.env.process(self.handle(arrival))

    def handle(self, arrival):
        with self.b.request() as req:
            yield req
            yield self.env.timeout(B_WORK)
            ok = yield from self.query()
        self.inflight.put(1)
        if not ok:  # nacked: back in the group for a redelivery
            self.store.put(arrival)
            self.set_backlog(+1)


def arrivals(env, rng, wirings, count):
    t = 0.0
    while True:
        gap = rng.expovariate(rate_at(t))
        boundary = next_boundary(t)
        if t + gap >= boundary:  # memoryless: start again at the new rate
            t = boundary
            if t >= DURATION:
                return
            yield env.timeout(t - env.now)
            continue
        t += gap
        yield env.timeout(t - env.now)
        count[0] += 1
        for w in wirings:
            env.process(w.order(t))


def p50_ms(values):
    if not values:
        return 0.0
    values.sort()
    return values[(len(values) + 1) // 2 - 1] * 1e3


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 42
    start, cpu_start = time.perf_counter(), time.process_time()
    env = simpy.Environment()
    sync, asyn = Sync(env), Async(env)
    count = [0]
    env.process(arrivals(env, random.Random(seed), [sync, asyn], count))
    env.run(until=DURATION + DRAIN)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    drained = asyn.drained_at if asyn.drained_at is not None else float("nan")
    print(f"simpy orders={count[0]} sync_rejected={sync.rejected} sync_failed={sync.failed} "
          f"sync_p50_ms={p50_ms(sync.latencies):.1f} async_p50_ms={p50_ms(asyn.latencies):.1f} "
          f"backlog_max={asyn.backlog_max} drained_s={drained:.1f} seconds={seconds:.2f} "
          f"cpu_seconds={cpu:.2f}")


if __name__ == "__main__":
    main()
