// The Deframer as a Node stream, kept apart from deframer.ts so that the firmware link has no Node imports
// (the viewer's live mode bundles it for a browser worker).
import { Transform, type TransformCallback, type TransformOptions } from 'node:stream';
import { Deframer } from './deframer.ts';

/** The Deframer as a stream: bytes in, DecodedFrame objects out (e.g. piped from a SerialPort). */
export class DeframerStream extends Transform {
  readonly deframer = new Deframer();

  constructor(options: TransformOptions = {}) {
    super({ ...options, readableObjectMode: true, writableObjectMode: false });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const frame of this.deframer.push(chunk)) this.push(frame);
    done();
  }
}
