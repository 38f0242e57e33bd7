"""static/js/submit_once.js in a browser: a double tap on a form that creates something posts it once, with the
pressed button's name and value; a cancelled submit leaves the form usable; a page shown again from the back/forward
cache can be sent again."""

import uuid

import pytest
from playwright.sync_api import expect

from households.models import Visit
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A button that carries a name and value, as some creating forms have (action=…): it must still be posted.
PROBE = """() => {
  const form = document.querySelector("form[data-submit-once]");
  const button = document.createElement("button");
  button.type = "submit"; button.name = "probe"; button.value = "pressed"; button.textContent = "探针";
  form.appendChild(button);
}"""


@pytest.fixture
def household_a(county):
    household = HouseholdFactory(village=county.village_a, head_name="张大山")
    MemberFactory(household=household, name="张大山")
    return household


def test_a_double_tap_on_the_visit_form_posts_once_with_the_pressed_button(
    live_server, phone, personas, household_a, log_in
):
    # given the cadre's visit page, with a button that carries a name and value
    log_in(phone, personas.cadre_a.username)
    url = f"{live_server.url}/households/{household_a.pk}/visits/new/"
    phone.goto(url)
    phone.get_by_label("走访情况").fill("外出务工")
    phone.evaluate(PROBE)
    posts = []
    phone.on("request", lambda request: request.method == "POST" and posts.append(request))
    # when the cadre taps it twice
    phone.get_by_role("button", name="探针").dblclick()
    expect(phone.get_by_text("本月已走访")).to_be_visible()
    # then one post was sent, with the pressed button's name and value, and one visit recorded
    assert len(posts) == 1
    assert b'name="probe"' in posts[0].post_data_buffer and b"pressed" in posts[0].post_data_buffer
    assert Visit.objects.filter(household=household_a).count() == 1


def test_a_cancelled_submit_leaves_the_buttons_usable_and_a_page_shown_again_is_enabled(
    live_server, phone, personas, household_a, log_in
):
    log_in(phone, personas.cadre_a.username)
    phone.goto(f"{live_server.url}/households/{household_a.pk}/visits/new/")
    save = phone.get_by_role("button", name="保存")
    # a submit cancelled by the page's own check (an onsubmit returning false): nothing held
    phone.evaluate("() => { document.querySelector('form[data-submit-once]').onsubmit = () => false; }")
    save.click()
    phone.wait_for_timeout(100)
    expect(save).to_be_enabled()
    # a submit that leaves the page where it is (sent into a frame): the buttons are held
    phone.evaluate(
        """() => {
          const form = document.querySelector('form[data-submit-once]');
          form.onsubmit = null;
          const sink = document.createElement('iframe'); sink.name = 'sink'; document.body.appendChild(sink);
          form.target = 'sink';
        }"""
    )
    phone.get_by_label("走访情况").fill("外出务工")
    # The post sent into the frame, and the page it leads to, are answered before the test ends: a request still
    # writing (the visit, the session) while the test's database was flushed deadlocked the flush.
    with phone.expect_response(lambda r: r.frame.name == "sink" and r.request.method == "GET") as landed:
        save.click()
        expect(save).to_be_disabled()
        # and shown again from the back/forward cache, the page can be sent again, as a new record: a new token
        # (the saved one would make the server answer 已保存 and drop what is typed now)
        token = "() => document.querySelector('form[data-submit-once] input[name=\"once\"]').value"
        sent = phone.evaluate(token)
        phone.evaluate("() => window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
        expect(save).to_be_enabled()
        renewed = phone.evaluate(token)
        assert renewed != sent and uuid.UUID(renewed).version == 4
    assert landed.value.status == 200
