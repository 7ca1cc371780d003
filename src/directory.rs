//! The users directory: `UsersRequestBuilder…build()` makes a `UsersRequest` (also used for the
//! blocked list) whose `fetchNext()` reads the next page. The builders are JS (they only collect
//! options, so they cost nothing here); this module checks the options once, keeps the query
//! and the paging state; js/runtime.js turns each page into `User`s in one call.

use crate::convert::{self, units_past};
use crate::envelope::Body;
use crate::error::{Error, Result};
use crate::http::Method;
use crate::paging::Paging;
use crate::prelude::*;
use crate::query::{self, List, Value, KEYWORD_MAX};
use crate::session::current;
use crate::text;
use alloc::rc::Rc;
use core::cell::RefCell;
use js_sys::Array;
use wasm_bindgen::prelude::*;

/// One option's value, converted at the edge: strings are copied only past any valid value.
fn value(v: &JsValue) -> Option<Value> {
    const ITEM_UNITS: u32 = 2 * 100 + 2; // past any uid, role or tag
    if v.is_undefined() {
        return None;
    }
    Some(if let Some(n) = v.as_f64() {
        Value::Number(n)
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if v.is_string() {
        Value::Text(convert::string_prefix(v, units_past(KEYWORD_MAX)).unwrap_or_default())
    } else if crate::convert::is_array_value(v) {
        // One item past the largest list any option accepts is enough to refuse it.
        Value::Texts(convert::strings(v, query::FILTER_MAX as u32 + 1, ITEM_UNITS))
    } else {
        Value::Other
    })
}

/// The query of `list` from an options object (`{ limit, searchKeyword, … }`, made by the
/// builders).
fn query_of(list: List, options: &JsValue) -> Result<String> {
    // Only the known names are read: no other key of the caller's is copied into the module.
    query::build(list, |o| value(&convert::own(options, o.key)))
}

/// Checks options without building a request: what the builders' setters call once the
/// module is loaded, so a bad value throws at the setter.
#[wasm_bindgen(js_name = checkListOptions, skip_jsdoc)]
pub fn check_list_options(blocked: bool, options: JsValue) -> Result<(), Error> {
    query_of(List::new(blocked), &options).map(drop)
}

struct State {
    path: &'static str,
    query: String,
    paging: RefCell<Paging>,
    /// The lower-cased uids handed out so far (a JS `Set`: no uid is copied into wasm).
    seen: js_sys::Set,
}

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// The page's `User`s whose lower-cased uid is not in `seen` yet (added to it), made in one
    /// call; `undefined` if any item is not a user.
    /// Public for the envelope suite, which checks it through the module's own binding (a test
    /// crate importing js/runtime.js itself would get a second copy of it, not the module's).
    #[wasm_bindgen(js_name = pageUsers)]
    pub fn page_users(items: &Array, seen: &js_sys::Set) -> JsValue;
    /// `[total_pages, total]` of the answer's `meta.pagination` (either may be missing).
    fn pagination(body: &Body) -> Array;
}

/// What `build()` returns; `fetchNext()` → `Promise<User[]>`, `hasMore`, `total`, and (added by
/// the facade) `for await (const page of request)`.
#[wasm_bindgen]
pub struct UsersRequest(Rc<State>);

#[wasm_bindgen]
impl UsersRequest {
    #[wasm_bindgen(constructor, skip_jsdoc)]
    /// The users directory, or with `blocked` the blocked-users list.
    pub fn new(blocked: bool, options: JsValue) -> Result<UsersRequest, Error> {
        let list = List::new(blocked);
        let query = query_of(list, &options)?;
        let seen = js_sys::Set::new(&JsValue::UNDEFINED);
        Ok(UsersRequest(Rc::new(State { path: list.path(), query, paging: RefCell::default(), seen })))
    }

    #[wasm_bindgen(js_name = fetchNext, skip_jsdoc)]
    pub fn fetch_next_js(&self) -> js_sys::Promise {
        crate::task::spawn(fetch_next(self.0.clone()))
    }

    /// Whether a `fetchNext()` could still return users (false once the last page was read).
    #[wasm_bindgen(getter = hasMore, skip_jsdoc)]
    pub fn has_more(&self) -> bool {
        self.0.paging.borrow().has_more()
    }

    /// How many users the list has in all, once a page told; `undefined` before.
    #[wasm_bindgen(getter, skip_jsdoc)]
    pub fn total(&self) -> Option<u32> {
        self.0.paging.borrow().total
    }
}

/// The next page of the list, as `User`s; `[]` with no request once the last page was read.
async fn fetch_next(list: Rc<State>) -> Result<JsValue> {
    let me = current()?;
    let Some(page) = list.paging.borrow_mut().reserve() else { return Ok(Array::new().into()) };
    let path = [list.path, "?", &list.query, "&page=", &text::decimal(page)].concat();
    let answer = me.check(crate::renewal::send(&me.client, Method::Get, &path, None).await);
    let users = answer.and_then(|body| read_page(&list, &body));
    if users.is_err() {
        list.paging.borrow_mut().failed(page);
    }
    users
}

/// The users of a list answer not handed out before, and its pagination noted.
fn read_page(list: &State, body: &Body) -> Result<JsValue> {
    let data = body.data();
    if !crate::convert::is_array_value(&data) {
        return Err(Error::invalid_response("its data is not a list"));
    }
    let data: Array = data.unchecked_into();
    let users = page_users(&data, &list.seen);
    if users.is_undefined() {
        return Err(Error::invalid_response("its data is not a user"));
    }
    let pagination = pagination(body);
    let number = |i| pagination.get(i).as_f64().filter(|n| *n >= 0.0).map(|n| n as u32);
    list.paging.borrow_mut().read(data.length() as usize, number(0), number(1));
    Ok(users)
}
