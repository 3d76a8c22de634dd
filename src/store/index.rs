//! Item ids to their positions in the store's list of ids, without a second copy of each id: the
//! table holds positions and finds an id by hashing it where it already lives. Start-up from the
//! snapshot builds this for every item, so no id is cloned or allocated for it.

use std::hash::BuildHasher;

use crate::deck::ItemId;

/// The table; every call takes the ids it indexes, which only ever grow at the end.
#[derive(Debug, Default, Clone)]
pub(crate) struct ItemIndex {
    table: hashbrown::HashTable<u32>,
}

/// Item ids are our own journal's, not hostile input: FxHash is safe here and several times faster
/// than the default.
fn hash(id: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(id)
}

impl ItemIndex {
    /// The index of `ids`, whose ids are distinct.
    pub fn build(ids: &[ItemId]) -> ItemIndex {
        let mut index = ItemIndex {
            table: hashbrown::HashTable::with_capacity(ids.len()),
        };
        for position in 0..ids.len() {
            index.push(ids, position);
        }
        index
    }

    /// Where `id` is in `ids`.
    pub fn get(&self, ids: &[ItemId], id: &str) -> Option<u32> {
        self.table
            .find(hash(id), |&i| ids[i as usize].as_str() == id)
            .copied()
    }

    /// Adds `ids[position]`, which must not be indexed yet.
    pub fn push(&mut self, ids: &[ItemId], position: usize) {
        debug_assert!(self.get(ids, ids[position].as_str()).is_none());
        let hasher = |&i: &u32| hash(ids[i as usize].as_str());
        self.table
            .insert_unique(hash(ids[position].as_str()), position as u32, hasher);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Direction;

    #[test]
    fn finds_every_id_and_nothing_else_as_it_grows() {
        let mut ids: Vec<ItemId> = Vec::new();
        let mut index = ItemIndex::default();
        for n in 0..5_000 {
            ids.push(ItemId::new("d", &format!("c{n}"), Direction::ALL[n % 3]));
            index.push(&ids, n);
        }
        let built = ItemIndex::build(&ids);
        for (n, id) in ids.iter().enumerate() {
            assert_eq!(index.get(&ids, id.as_str()), Some(n as u32));
            assert_eq!(built.get(&ids, id.as_str()), Some(n as u32));
        }
        assert_eq!(index.get(&ids, "d/c5000/produce"), None);
        assert_eq!(
            index.get(&ids, "d/c1/produce"),
            None,
            "c1 is there as recognise only"
        );
        assert_eq!(ItemIndex::default().get(&ids, ids[0].as_str()), None);
    }
}
