/**
 * Wire captures for the system benchmarks: tshark in the lab's hub namespace on its bridge,
 * with kernel timestamps (`frame.time_epoch`), a BPF capture filter, and one record per frame.
 *
 * @module
 */

/** One captured VRRP advert or ARP frame. */
export interface Frame {
  /** Kernel timestamp, epoch seconds. */
  t: number;
  ethSrc: string;
  /** IPv4 source ("" for ARP). */
  ipSrc: string;
  /** VRRP priority (NaN when not VRRP). */
  prio: number;
  /** VRRP VRID (NaN when not VRRP). */
  vrid: number;
  /** ARP sender protocol address ("" when not ARP). */
  arpSrc: string;
}

/** A running capture. */
export interface Capture {
  /** Stop tshark (SIGINT, our child by PID) and return its frames. */
  stop(): Promise<Frame[]>;
}

const FIELDS = [
  "frame.time_epoch",
  "eth.src",
  "ip.src",
  "vrrp.prio",
  "vrrp.virt_rtr_id",
  "arp.src.proto_ipv4",
]; // deno-fmt-ignore

/**
 * Start tshark on `iface` in `netns` with capture filter `filter`. Resolves once it is capturing.
 */
export async function startCapture(netns: string, iface: string, filter: string): Promise<Capture> {
  const child = new Deno.Command("ip", {
    args: ["netns", "exec", netns, "tshark", "-l", "-n", "-q", "-B", "64", "-i", iface, "-f", filter, "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f", ...FIELDS.flatMap((f) => ["-e", f])], // deno-fmt-ignore
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stdout = new Response(child.stdout).text();
  let err = "";
  const capturing = Promise.withResolvers<void>();
  const errPump = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      err += chunk;
      if (err.includes("Capturing on")) capturing.resolve();
    }
  })();
  const timer = setTimeout(() => capturing.reject(new Error(`tshark did not start: ${err}`)), 15_000);
  child.status.then(() => capturing.reject(new Error(`tshark exited: ${err}`)));
  try {
    await capturing.promise;
  } catch (e) {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    throw e;
  } finally {
    clearTimeout(timer);
  }
  await new Promise((r) => setTimeout(r, 300));
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 300)); // let the last frames through
      try {
        child.kill("SIGINT");
      } catch { /* gone */ }
      const t = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 10_000);
      await child.status;
      clearTimeout(t);
      await errPump;
      if (/dropped/i.test(err) && !/0 packets dropped/i.test(err)) {
        console.error(`tshark: ${err.trim().split("\n").at(-1)}`);
      }
      return (await stdout).split("\n").filter((l) => l.trim()).map((line) => {
        const v = line.split("\t");
        return {
          t: Number(v[0]),
          ethSrc: v[1] ?? "",
          ipSrc: v[2] ?? "",
          prio: v[3] ? Number(v[3]) : NaN,
          vrid: v[4] ? Number(v[4]) : NaN,
          arpSrc: v[5] ?? "",
        };
      });
    },
  };
}
