//! Parallel maps that stay on the calling thread when there is little to
//! do. The first parallel call starts rayon's pool (a thread per core, then
//! wake-ups and hand-offs), which costs more than linting a handful of files
//! takes: a one-file run never needs it.

use rayon::prelude::*;

/// Fewer items than this are mapped on the calling thread (a named file
/// with its module's 7 other files ran 0.5 ms faster without the pool:
/// starting it costs more than such a run's work).
pub const MIN_ITEMS: usize = 32;

/// Fewer files than [`MIN_ITEMS`] are worth threads only when they hold at
/// least this much text.
pub const MIN_BYTES: usize = 256 * 1024;

/// Whether `files` files of `bytes` bytes in all are worth sharing out
/// over threads.
pub fn worth_threads(files: usize, bytes: usize) -> bool {
    files >= MIN_ITEMS || (files > 1 && bytes >= MIN_BYTES)
}

/// `items` mapped through `f`, in order: in parallel when `parallel`,
/// else on the calling thread.
pub fn map_if<T, R, F>(parallel: bool, items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    if parallel {
        items.into_par_iter().map(f).collect()
    } else {
        items.into_iter().map(f).collect()
    }
}

/// `items` mapped through `f`, in order; in parallel only for
/// [`MIN_ITEMS`] items or more.
pub fn map<T, R, F>(items: Vec<T>, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    map_if(items.len() >= MIN_ITEMS, items, f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_either_way() {
        let small: Vec<u32> = (0..3).collect();
        let many: Vec<u32> = (0..1000).collect();
        assert_eq!(map(small, |x| x * 2), vec![0, 2, 4]);
        let out = map(many, |x| x * 2);
        assert_eq!(out.len(), 1000);
        assert!(out.iter().enumerate().all(|(i, x)| *x as usize == i * 2));
    }

    #[test]
    fn few_items_stay_on_the_calling_thread() {
        let me = std::thread::current().id();
        let ids = map((0..MIN_ITEMS - 1).collect(), |_| {
            std::thread::current().id()
        });
        assert!(ids.iter().all(|id| *id == me));
    }
}
