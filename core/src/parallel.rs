//! Work on every core with rayon (the file parses of `load`, the output files of `build`), and a bounded pipe
//! that carries a stream of bytes from one thread to another.

use std::io::{self, Write};
use std::sync::{Mutex, PoisonError, mpsc};

use rayon::prelude::*;

/// `work` applied to every item on every core (on threads with `stack` bytes of stack when given), in the order
/// of `items`.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    stack: Option<usize>,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    in_pool(stack, || items.par_iter().map(&work).collect())
}

/// Runs `work` on every item on every core and hands each result, as soon as it is ready, to `sink`, one result
/// at a time, on the thread that made it (in the order they finish): no result waits for another thread to take
/// it, and memory holds only the pieces in flight. The first error of `sink` stops the remaining work and is
/// returned.
pub fn for_each_result<T: Sync, R: Send, E: Send>(
    items: &[T],
    stack: Option<usize>,
    work: &(impl Fn(&T) -> R + Sync),
    sink: impl FnMut(usize, R) -> Result<(), E> + Send,
) -> Result<(), E> {
    let sink = Mutex::new(sink);
    in_pool(stack, || {
        items.par_iter().enumerate().try_for_each(|(index, item)| {
            let result = work(item);
            // A poisoned sink means another worker panicked in it: rayon reports that panic.
            let mut sink = sink.lock().unwrap_or_else(PoisonError::into_inner);
            (*sink)(index, result)
        })
    })
}

/// Runs `work` in rayon's global pool, or with `stack`, in a pool of threads with that much stack (the parser's
/// recursion needs it), one per core.
fn in_pool<R: Send>(stack: Option<usize>, work: impl FnOnce() -> R + Send) -> R {
    let Some(bytes) = stack else {
        return work();
    };
    match rayon::ThreadPoolBuilder::new()
        .stack_size(bytes)
        .thread_name(|index| format!("contracts-worker-{index}"))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(error) => panic!("cannot start the worker threads: {error}"),
    }
}

/// How many bytes a pipe sends at a time, and how many such chunks may wait for the reader.
const PIPE_CHUNK: usize = 1 << 20;
const PIPE_CHUNKS_IN_FLIGHT: usize = 4;

/// A bounded pipe between two threads: what is written into the [`PipeWriter`] comes out of the [`PipeReader`],
/// with at most a few chunks held in between.
pub fn pipe() -> (PipeWriter, PipeReader) {
    let (sender, receiver) = mpsc::sync_channel(PIPE_CHUNKS_IN_FLIGHT);
    let writer = PipeWriter {
        sender: Some(sender),
        buffer: Vec::with_capacity(PIPE_CHUNK),
        closed: false,
    };
    (writer, PipeReader { receiver })
}

/// The writing end of a [`pipe`]. End it with [`PipeWriter::close`]: a writer dropped without it (a writer
/// that panicked) makes the reader fail, so that a partial content is never taken for the whole.
pub struct PipeWriter {
    /// `None` once the reader is gone: what is written then is dropped (the reader reports its own failure).
    sender: Option<mpsc::SyncSender<io::Result<Vec<u8>>>>,
    buffer: Vec<u8>,
    closed: bool,
}

impl PipeWriter {
    /// Ends the content: whole, or cut short by `error`, which the reader then returns.
    pub fn close(mut self, error: Option<&io::Error>) {
        self.send_buffer();
        if let Some(error) = error {
            self.send(Err(io::Error::new(error.kind(), error.to_string())));
        }
        self.closed = true;
    }

    fn send_buffer(&mut self) {
        if !self.buffer.is_empty() {
            let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(PIPE_CHUNK));
            self.send(Ok(chunk));
        }
    }

    fn send(&mut self, message: io::Result<Vec<u8>>) {
        if let Some(sender) = &self.sender
            && sender.send(message).is_err()
        {
            self.sender = None;
        }
    }
}

impl Write for PipeWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= PIPE_CHUNK {
            self.send_buffer();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for PipeWriter {
    fn drop(&mut self) {
        if !self.closed {
            self.buffer.clear();
            self.send(Err(io::Error::other(
                "the writer stopped before the end of the content",
            )));
        }
    }
}

/// The reading end of a [`pipe`].
pub struct PipeReader {
    receiver: mpsc::Receiver<io::Result<Vec<u8>>>,
}

impl PipeReader {
    /// Copies everything written into the pipe into `out`, until the writer closes it; the writer's error, if
    /// it had one.
    pub fn copy_to(self, out: &mut dyn Write) -> io::Result<()> {
        for chunk in self.receiver {
            out.write_all(&chunk?)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the reader of a pipe gets when `content` is written into it on another thread, which then closes it
    /// with `error`, or (`close: false`) drops it.
    fn through_pipe(
        content: &[u8],
        error: Option<io::Error>,
        close: bool,
    ) -> (Vec<u8>, Option<String>) {
        let (mut writer, reader) = pipe();
        std::thread::scope(|scope| {
            scope.spawn(move || {
                for piece in content.chunks(1000) {
                    writer.write_all(piece).expect("a pipe write never fails");
                }
                if close {
                    writer.close(error.as_ref());
                }
            });
            let mut out = Vec::new();
            let result = reader.copy_to(&mut out);
            (out, result.err().map(|e| e.to_string()))
        })
    }

    #[test]
    fn a_pipe_carries_its_content_whole_or_says_why_not() {
        let content: Vec<u8> = (0..5 * PIPE_CHUNK + 17).map(|n| (n % 251) as u8).collect();
        let (out, error) = through_pipe(&content, None, true);
        assert!(out == content && error.is_none());
        let (out, error) = through_pipe(b"", None, true);
        assert!(out.is_empty() && error.is_none());
        let (out, error) = through_pipe(b"half", Some(io::Error::other("disk full")), true);
        assert_eq!(
            (out.as_slice(), error.as_deref()),
            (&b"half"[..], Some("disk full"))
        );
        let (_, error) = through_pipe(&content, None, false);
        assert_eq!(
            error.as_deref(),
            Some("the writer stopped before the end of the content")
        );
    }

    #[test]
    fn a_pipe_whose_reader_is_gone_takes_writes_without_failing() {
        let (mut writer, reader) = pipe();
        drop(reader);
        let big = vec![7u8; 10 * PIPE_CHUNK];
        assert!(writer.write_all(&big).is_ok());
        writer.close(None);
    }

    #[test]
    fn map_keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..500).collect();
        let squares = map(&items, None, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], None, |n| *n).is_empty());
    }

    #[test]
    fn every_result_reaches_the_sink_once() {
        let items: Vec<usize> = (0..200).collect();
        let mut seen = vec![0; items.len()];
        for_each_result(&items, Some(1 << 20), &|n| n + 1, |index, value| {
            assert_eq!(value, index + 1);
            seen[index] += 1;
            Ok::<(), ()>(())
        })
        .unwrap();
        assert!(seen.iter().all(|&count| count == 1));
    }

    #[test]
    fn an_error_of_the_sink_stops_the_work_and_is_returned() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = std::sync::atomic::AtomicUsize::new(0);
        let work = |n: &usize| {
            started.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            *n
        };
        let outcome = for_each_result(
            &items,
            None,
            &work,
            |_, n| if n >= 3 { Err(n) } else { Ok(()) },
        );
        assert!(outcome.is_err());
        assert!(started.load(std::sync::atomic::Ordering::Relaxed) < items.len());
    }
}
