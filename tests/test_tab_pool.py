"""The kept browser profiles of conftest's TabPool: what one test leaves in a profile never
reaches the next, and a profile changed for good is never lent again."""
from __future__ import annotations

import pytest
from conftest import TabPool
from playwright.sync_api import Error

pytestmark = pytest.mark.browser


@pytest.fixture
def pool(browser, base_url):
    pool = TabPool(browser, base_url)
    yield pool
    pool.close()


def test_a_kept_profile_comes_back_as_empty_as_a_new_one(pool, base_url):
    ctx = pool.lend()
    tab = ctx.pages[0]
    tab.goto("")
    tab.evaluate("""() => { localStorage.setItem('left', '1'); sessionStorage.setItem('left', '1');
        document.cookie = 'left=1; path=/'; }""")
    ctx.grant_permissions(["clipboard-read"], origin=base_url.rstrip("/"))
    heard = []
    tab.on("console", lambda msg: heard.append(msg.text))
    tab.route("**/*.css", lambda route: route.abort())
    tab.set_viewport_size({"width": 300, "height": 500})
    tab.emulate_media(color_scheme="dark", media="print")
    ctx.set_offline(True)
    extra = ctx.new_page()
    tab.problems.append("a problem of this test")
    pool.give_back(ctx)

    again = pool.lend()
    assert again is ctx, "a profile that was only used was not kept"
    tab = again.pages[0]
    assert again.pages == [tab] and extra.is_closed()
    assert tab.url == base_url + "assets/favicon.svg" and tab.problems == []
    response = tab.goto("")  # offline or the route would fail this or its stylesheet
    assert response.ok
    assert tab.evaluate("""() => [localStorage.length, sessionStorage.length, document.cookie,
        matchMedia('(prefers-color-scheme: dark)').matches, matchMedia('print').matches,
        innerWidth]""") == [0, 0, "", False, False, 1280]
    assert tab.evaluate("""() => [...document.styleSheets].every(sheet => sheet.cssRules.length > 0)""")
    state = tab.evaluate("navigator.permissions.query({name: 'clipboard-read'}).then(p => p.state)")
    assert state != "granted"
    tab.evaluate("console.log('after')")
    assert heard == [], "a listener of the last test still runs"
    pool.give_back(again)


@pytest.mark.parametrize("change", ["init script", "clock", "cdp session", "failed"])
def test_a_profile_changed_for_good_or_whose_test_failed_is_closed(pool, change):
    ctx = pool.lend()
    tab = ctx.pages[0]
    if change == "init script":
        ctx.add_init_script("window.__left = 1")
    elif change == "clock":
        tab.clock.set_fixed_time("2026-01-01T10:00:00")
    elif change == "cdp session":
        ctx.new_cdp_session(tab).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    pool.give_back(ctx, keep=change != "failed")
    again = pool.lend()
    assert again is not ctx
    with pytest.raises(Error):
        ctx.new_page()  # closed
    pool.give_back(again)


def test_only_the_last_profiles_given_back_are_kept(pool):
    lent = [pool.lend(locale=locale) for locale in ("en-GB", "en-US", "de-DE", "fr-FR", "ja-JP", "nl-NL")]
    for ctx in lent:
        pool.give_back(ctx)
    assert [ctx for _, ctx in pool.free] == lent[-TabPool.KEEP:]
    for ctx in lent[:-TabPool.KEEP]:
        with pytest.raises(Error):
            ctx.new_page()
