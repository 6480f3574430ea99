/**
 * Private: the ffi-rs backend. Declarations come from the same table as the Deno backend
 * (`LIBC_SYMBOLS`); ffi-rs reports errno itself. The package is imported on first use only.
 * recvmsg needs the addresses of its buffers inside a `struct msghdr`, which ffi-rs cannot give
 * for JavaScript memory, so it receives into native scratch memory and copies out.
 *
 * @module
 */

import { LIBC_PATH, LIBC_SYMBOLS } from "./libc.ts";
import { MSGHDR, type RawArg, type RawLibc, type SyncSymbol } from "./_raw_libc.ts";

type FfiRs = typeof import("ffi-rs");
type DataTypeValue = FfiRs["DataType"][keyof FfiRs["DataType"]];

const LIBRARY = "vipkeeper-libc";

/** Loads ffi-rs and returns the raw primitives over it. */
export async function ffiRsRawLibc(): Promise<RawLibc> {
  const ffi: FfiRs = await import("ffi-rs");
  const T = ffi.DataType;
  ffi.open({ library: LIBRARY, path: LIBC_PATH });

  const typeOf = (t: string): DataTypeValue => {
    switch (t) {
      case "i32":
        return T.I32;
      case "u32":
        return T.U32;
      case "buffer":
        return T.U8Array;
      case "usize":
      case "u64":
        return T.U64;
      case "isize":
      case "i64":
        return T.I64;
      case "pointer":
        return T.BigInt;
      default:
        throw new Error(`ffi-rs backend: no mapping for C type ${t}`);
    }
  };
  const sig = (name: keyof typeof LIBC_SYMBOLS) => {
    const d = LIBC_SYMBOLS[name];
    return { paramsType: d.parameters.map(typeOf), retType: typeOf(d.result) };
  };
  const invoke = (
    funcName: string,
    paramsType: DataTypeValue[],
    retType: DataTypeValue,
    paramsValue: unknown[],
  ) => {
    const r = ffi.load({
      library: LIBRARY,
      funcName,
      paramsType,
      retType,
      paramsValue,
      errno: true,
    }) as {
      value: number | bigint;
      errnoCode: number;
    };
    return { value: Number(r.value), errno: r.errnoCode };
  };
  // ffi-rs copies a whole ArrayBuffer-less view safely only when it starts at offset 0.
  const own = (a: RawArg): { arg: unknown; back?: () => void } => {
    if (!(a instanceof Uint8Array)) return { arg: a };
    if (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) return { arg: a };
    const copy = a.slice();
    return { arg: copy, back: () => a.set(copy) };
  };

  // Native scratch memory for recvmsg: [iovec | name | control | data].
  let scratch: { addr: bigint; size: number; view: Uint8Array } | undefined;
  const scratchOf = (size: number) => {
    if (scratch && scratch.size >= size) return scratch;
    if (scratch) invoke("free", [T.BigInt], T.Void, [scratch.addr]);
    const addr = ffi.load({
      library: LIBRARY,
      funcName: "calloc",
      paramsType: [T.U64, T.U64],
      retType: T.BigInt,
      paramsValue: [1, size],
    }) as unknown as bigint;
    if (!addr) throw new Error("ffi-rs backend: calloc failed");
    // memset(p, 0, 0) returns p itself, typed as an External for createExternalBuffer.
    const ext = ffi.load({
      library: LIBRARY,
      funcName: "memset",
      paramsType: [T.BigInt, T.I32, T.U64],
      retType: T.External,
      paramsValue: [addr, 0, 0],
    });
    scratch = { addr: BigInt(addr), size, view: ffi.createExternalBuffer(ext, size) };
    return scratch;
  };

  const sync: Partial<Record<SyncSymbol, ReturnType<typeof sig>>> = {};
  return {
    backend: "ffi-rs",
    call(symbol, args) {
      const s = sync[symbol] ??= sig(symbol);
      const owned = args.map(own);
      const r = invoke(symbol, s.paramsType, s.retType, owned.map((o) => o.arg));
      for (const o of owned) o.back?.();
      const failed = symbol === "if_nametoindex" ? r.value === 0 : r.value < 0;
      return { value: r.value, errno: failed ? r.errno : 0 };
    },
    async poll(fds, count, timeoutMs) {
      const s = sig("poll");
      const value = await ffi.load({
        library: LIBRARY,
        funcName: "poll",
        paramsType: s.paramsType,
        retType: s.retType,
        paramsValue: [fds, count, timeoutMs],
        runInNewThread: true,
      }) as unknown as number;
      return { value: Number(value), errno: 0 };
    },
    recvmsg(fd, data, name, control, flags) {
      const nameLen = name?.length ?? 0;
      const controlLen = control?.length ?? 0;
      const nameAt = MSGHDR.iovecSize;
      const controlAt = nameAt + ((nameLen + 7) & ~7);
      const dataAt = controlAt + ((controlLen + 7) & ~7);
      const sc = scratchOf(dataAt + data.length);
      const sv = new DataView(sc.view.buffer, sc.view.byteOffset, sc.size);
      sv.setBigUint64(0, sc.addr + BigInt(dataAt), true);
      sv.setBigUint64(8, BigInt(data.length), true);
      const msg = new Uint8Array(MSGHDR.size);
      const view = new DataView(msg.buffer);
      view.setBigUint64(MSGHDR.name, nameLen ? sc.addr + BigInt(nameAt) : 0n, true);
      view.setUint32(MSGHDR.namelen, nameLen, true);
      view.setBigUint64(MSGHDR.iov, sc.addr, true);
      view.setBigUint64(MSGHDR.iovlen, 1n, true);
      view.setBigUint64(MSGHDR.control, controlLen ? sc.addr + BigInt(controlAt) : 0n, true);
      view.setBigUint64(MSGHDR.controllen, BigInt(controlLen), true);
      const s = sig("recvmsg");
      const r = invoke("recvmsg", s.paramsType, s.retType, [fd, msg, flags]);
      const got = {
        value: r.value,
        errno: r.value < 0 ? r.errno : 0,
        nameLength: view.getUint32(MSGHDR.namelen, true),
        controlLength: Number(view.getBigUint64(MSGHDR.controllen, true)),
        flags: view.getInt32(MSGHDR.flags, true),
      };
      if (r.value >= 0) {
        data.set(sc.view.subarray(dataAt, dataAt + Math.min(r.value, data.length)));
        name?.set(sc.view.subarray(nameAt, nameAt + Math.min(got.nameLength, nameLen)));
        control?.set(
          sc.view.subarray(controlAt, controlAt + Math.min(got.controlLength, controlLen)),
        );
      }
      return got;
    },
    ifIndexToName(index, out) {
      const r = invoke("if_indextoname", [T.U32, T.U8Array], T.BigInt, [index, out]);
      const ok = r.value !== 0;
      return { value: ok ? 0 : -1, errno: ok ? 0 : r.errno, ok };
    },
  };
}
