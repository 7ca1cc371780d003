//! The rest of the demo directory: 56 more people, so paging and search have something to do
//! (names from many scripts, every role and status, tags), and a few friendships and blocks.
//! Everything is derived from the index: a fresh seed is the same every time.

/// `(uid, name)`; the other fields come from the position in this list.
pub const PEOPLE: [(&str, &str); 56] = [
    ("aarav", "Aarav Sharma"),
    ("adaeze", "Adaeze Okonkwo"),
    ("ahmed", "أحمد منصور"),
    ("aiko", "青木 愛子"),
    ("amelie", "Amélie Laurent"),
    ("ana", "Ana Souza"),
    ("bjorn", "Björn Lindqvist"),
    ("camila", "Camila Herrera"),
    ("chen", "陈 伟"),
    ("dmitri", "Дмитрий Волков"),
    ("elodie", "Élodie Bernard"),
    ("emeka", "Emeka Nwosu"),
    ("eszter", "Eszter Nagy"),
    ("fatima", "Fatima Zahra El Amrani"),
    ("freya", "Freya Nielsen"),
    ("gabriel", "Gabriel Costa"),
    ("hana", "Hana Kobayashi"),
    ("ingrid", "Ingrid Øvrebø"),
    ("isabela", "Isabela Rocha"),
    ("jakub", "Jakub Nowak"),
    ("jiwoo", "박지우"),
    ("joao", "João Pereira"),
    ("karin", "Karin Öberg"),
    ("kwame", "Kwame Mensah"),
    ("laila", "Laila Haddad"),
    ("lars", "Lars Eriksen"),
    ("lea", "Léa Moreau"),
    ("liam", "Liam O'Connor"),
    ("lucia", "Lucía Fernández"),
    ("lukasz", "Łukasz Wiśniewski"),
    ("malia", "Malia Fonoti"),
    ("mateo", "Mateo Rossi"),
    ("mei", "林 美玲"),
    ("mikkel", "Mikkel Sørensen"),
    ("nadia", "Nadia Petrova"),
    ("ngozi", "Ngozi Okeke"),
    ("nikos", "Νίκος Παπαδόπουλος"),
    ("noah", "Noah Schmidt"),
    ("olga", "Ольга Смирнова"),
    ("omar", "Omar Farouk"),
    ("paulo", "Paulo Silva"),
    ("rania", "Rania Aziz"),
    ("renee", "Renée Dupont"),
    ("sakura", "伊藤 さくら"),
    ("sam", "Sam Rivera 🚀"),
    ("siobhan", "Siobhán Murphy"),
    ("sven", "Sven Müller"),
    ("thao", "Nguyễn Thảo"),
    ("tomas", "Tomás Ó Briain"),
    ("uma", "Uma Patel"),
    ("valentina", "Valentina Greco"),
    ("wei", "Zhang Wei"),
    ("ximena", "Ximena López"),
    ("yael", "יעל כהן"),
    ("yusuf", "Yusuf Demir"),
    ("zoltan", "Zoltán Kovács"),
];

const ROLES: [&str; 8] = ["default", "default", "premium", "default", "moderator", "default", "premium", "admin"];
const TAGS: [&str; 10] =
    ["engineering", "sales", "design", "support", "marketing", "research", "ops", "community", "premium", "moderation"];
const DEPARTMENTS: [&str; 5] = ["Engineering", "Sales", "Design", "Support", "Marketing"];
const MESSAGES: [&str; 7] = [
    "Heads down until 3pm",
    "On call this week ☎️",
    "Working from Lisbon",
    "Ask me about the roadmap",
    "Back on Monday",
    "Café ☕ first",
    "Shipping R&D notes",
];

pub struct Person {
    pub uid: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub status: &'static str,
    pub tags: Vec<&'static str>,
    pub status_message: Option<&'static str>,
    pub metadata: Option<String>,
    pub active_minutes_ago: Option<i64>,
}

/// The `i`-th person of [`PEOPLE`], with the fields derived from `i`.
pub fn person(i: usize) -> Option<Person> {
    let (uid, name) = *PEOPLE.get(i)?;
    let first = TAGS[i % TAGS.len()];
    let second = TAGS[(i * 3 + 1) % TAGS.len()];
    let tags = match i % 4 {
        0 if first != second => vec![first, second],
        3 if i % 9 == 3 => Vec::new(),
        _ => vec![first],
    };
    Some(Person {
        uid,
        name,
        role: ROLES[(i * 5) % ROLES.len()],
        status: if matches!(i % 5, 0 | 2) { "available" } else { "offline" },
        tags,
        status_message: (i % 4 == 1).then(|| MESSAGES[(i / 4) % MESSAGES.len()]),
        metadata: i
            .is_multiple_of(3)
            .then(|| format!(r#"{{"department":"{}"}}"#, DEPARTMENTS[(i / 3) % DEPARTMENTS.len()])),
        active_minutes_ago: (i % 11 != 10).then(|| ((i * 37) % 4000) as i64),
    })
}

/// Mutual friendships: alice has a few (so `friendsOnly` shows something when signed in as her);
/// the rest are among the new people. The six original demo users are not related otherwise.
pub const FRIENDS: [(&str, &str); 10] = [
    ("alice", "aarav"),
    ("alice", "elodie"),
    ("alice", "kwame"),
    ("alice", "mei"),
    ("aarav", "elodie"),
    ("dmitri", "olga"),
    ("hana", "sakura"),
    ("lucia", "mateo"),
    ("noah", "sven"),
    ("sam", "uma"),
];

/// `(blocker, blocked)`, among the new people only.
pub const BLOCKS: [(&str, &str); 4] = [("jakub", "lukasz"), ("omar", "rania"), ("rania", "omar"), ("zoltan", "eszter")];
