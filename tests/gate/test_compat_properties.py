"""Properties of the change gate on random single-keyword edits of the real request schema."""

from __future__ import annotations

import pytest
from campaign_contract.gate.compat import Role, Verdict, compare
from campaign_contract.schema import REQUEST, SchemaSet
from hypothesis import given
from hypothesis import strategies as st
from payloads import boundary_cases
from schema_changes import (
    RESP,
    Documents,
    Mutation,
    edited,
    loosenings,
    tightenings,
    witness_holds,
)

OLD = SchemaSet.packaged()
TIGHTENINGS = tightenings()
LOOSENINGS = loosenings()


def test_the_edit_catalogue_covers_every_kind_of_edit() -> None:
    """Both catalogues hold each kind of edit somewhere in the real schemas."""
    expected = (
        {"minimum raised", "maximum added", "enum value removed", "minLength raised",
         "maxLength lowered", "format added", "pattern added", "null removed",
         "property required", "object closed", "uniqueItems added", "minItems added",
         "maxItems added"},
        {"minimum lowered", "minimum removed", "enum value added", "minLength lowered",
         "maxLength raised", "format removed", "pattern removed", "uniqueItems removed",
         "null added", "integer widened to number", "required name dropped", "object opened"},
    )  # fmt: skip
    kinds = tuple({m.id.split(" at ")[0] for m in c} for c in (TIGHTENINGS, LOOSENINGS))
    assert expected == kinds


@given(mutation=st.sampled_from(TIGHTENINGS), amount=st.integers(1, 40))
def test_a_tightening_is_breaking_with_a_witness_that_holds(
    mutation: Mutation, amount: int
) -> None:
    """Accepting fewer payloads is reported as breaking for requests, each with a real witness."""
    new = edited(mutation.edit(amount), OLD)
    request = [c for c in compare(OLD, new) if c.role is Role.REQUEST]
    assert request, f"{mutation.id}: no request change reported"
    assert all(c.verdict is Verdict.BREAKING for c in request), request
    assert all(witness_holds(c, OLD, new) for c in request)


@given(mutation=st.sampled_from(LOOSENINGS), amount=st.integers(1, 40))
def test_a_loosening_is_safe_for_requests(mutation: Mutation, amount: int) -> None:
    """Accepting at least the same payloads is reported, and reported safe, for requests."""
    new = edited(mutation.edit(amount), OLD)
    request = [c for c in compare(OLD, new) if c.role is Role.REQUEST]
    assert request, f"{mutation.id}: no request change reported"
    assert {Verdict.SAFE} == {c.verdict for c in request}, request


@pytest.mark.parametrize("mutation", TIGHTENINGS, ids=[m.id for m in TIGHTENINGS])
def test_every_tightening_site_is_breaking_at_least_once(mutation: Mutation) -> None:
    """Each tightening of the catalogue, at its smallest size, is breaking with a witness."""
    new = edited(mutation.edit(1), OLD)
    request = [c for c in compare(OLD, new) if c.role is Role.REQUEST]
    assert request
    assert all(c.verdict is Verdict.BREAKING and witness_holds(c, OLD, new) for c in request)


VALID_PAYLOADS = [case.payload for case in boundary_cases(OLD) if case.valid][::30]


@given(
    # one edit per schema object: "minimum removed" then "minimum lowered" at one site is no edit
    mutations=st.lists(
        st.sampled_from(LOOSENINGS), min_size=1, max_size=2, unique_by=lambda m: (m.file, m.pointer)
    ),
    amount=st.integers(1, 40),
)
def test_safe_means_every_old_payload_stays_valid(mutations: list[Mutation], amount: int) -> None:
    """When several loosenings are all called safe, valid payloads of OLD stay valid under NEW."""

    def edit(documents: Documents) -> None:
        for mutation in mutations:
            mutation.edit(amount)(documents)

    new = edited(edit, OLD)
    request = {c.verdict for c in compare(OLD, new) if c.role is Role.REQUEST}
    assert request <= {Verdict.SAFE}
    rejected = [p for p in VALID_PAYLOADS if not new.validator(REQUEST).is_valid(p)]
    expected: list[object] = []
    assert expected == rejected


RESPONSE_TIGHTENINGS = tightenings(RESP)
RESPONSE_LOOSENINGS = loosenings(RESP)


@given(mutation=st.sampled_from(RESPONSE_LOOSENINGS), amount=st.integers(1, 40))
def test_a_response_loosening_breaks_clients_with_a_witness_that_holds(
    mutation: Mutation, amount: int
) -> None:
    """A response schema that allows more is breaking for clients, with a response to show."""
    new = edited(mutation.edit(amount), OLD)
    response = [c for c in compare(OLD, new) if c.role is Role.RESPONSE]
    assert response, f"{mutation.id}: no response change reported"
    assert all(c.verdict is Verdict.BREAKING for c in response), response
    assert all(witness_holds(c, OLD, new) for c in response)


@given(mutation=st.sampled_from(RESPONSE_TIGHTENINGS), amount=st.integers(1, 40))
def test_a_response_tightening_is_safe_for_clients(mutation: Mutation, amount: int) -> None:
    """A response schema that allows less never breaks a client built on the old one."""
    new = edited(mutation.edit(amount), OLD)
    response = [c for c in compare(OLD, new) if c.role is Role.RESPONSE]
    assert response, f"{mutation.id}: no response change reported"
    assert {Verdict.SAFE} == {c.verdict for c in response}, response
