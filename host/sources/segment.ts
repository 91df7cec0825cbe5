// Shared shapes between the container readers (raw, GPS, pcap, pcapng) and
// the ASTERIX block reader: a container only says where blocks lie in the file.

/** A byte range of the file holding back-to-back ASTERIX data blocks. */
export interface Segment {
  start: number;
  end: number;
  /** Bytes that follow every block inside this range (the GPS recorder appends 10). */
  trailer?: number;
}

/** A decoding problem, located by its byte offset in the file. */
export interface SourceError {
  offset: number;
  /** Ordinal of the data block concerned; null when the fault is in the container framing. */
  block: number | null;
  message: string;
}

export interface ContainerStats {
  /** Captured frames read (pcap/pcapng), 0 otherwise. */
  frames: number;
  /** Frames that were not UDP and were skipped (ARP, TCP, ...). */
  skippedFrames: number;
}

export interface SplitContainer extends ContainerStats {
  segments: Segment[];
  errors: SourceError[];
}
