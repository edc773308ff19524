"""`vaulttool calc nernst|ghk`: the calculators on their own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import click

from vaulttool.commands.common import context
from vaulttool.commands.run_options import EXIT_CLEAN

if TYPE_CHECKING:
    from vaulttool.calc.explain import Steps
    from vaulttool.calc.ghk import IonSpec

FORMATS_CALC = ("text", "json")


@click.group(invoke_without_command=True)
@click.pass_context
def calc(ctx: click.Context) -> int:
    """Compute a Nernst equilibrium potential or a Goldman–Hodgkin–Katz resting potential.

    Concentrations take M, mM, µM (uM), nM, pM, mmol/L, mol/L; temperatures °C (degC, C) or K.

    \b
    Examples:
      vaulttool calc nernst --ion K+ --inside 140mM --outside 5mM --temperature 37C
      vaulttool calc ghk --temperature 20C --ion K+:400mM:20mM:1 --ion Na+:50mM:440mM:0.04 \\
                         --ion Cl-:52mM:560mM:0.45 --explain
    """
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
    return EXIT_CLEAN


class _Quantity(click.ParamType):
    """A concentration or a temperature, read with the unit table of `vaulttool.calc.units`."""

    def __init__(self, kind: str) -> None:
        self.name = kind

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        from vaulttool.calc import units

        if isinstance(value, float):
            return value
        try:
            return getattr(units, f"parse_{self.name}")(str(value))
        except units.UnitError as error:
            self.fail(str(error), param, ctx)


def _output_options(command: Callable) -> Callable:
    command = click.option(
        "--format", "output_format", type=click.Choice(FORMATS_CALC), default="text", show_default=True
    )(command)
    command = click.option(
        "--explain",
        is_flag=True,
        help="Show the equation with the numbers substituted, the constants used, the "
        "per-decade slope and (GHK) each ion's share of the weighted sums.",
    )(command)
    return click.option(
        "--temperature",
        type=_Quantity("temperature"),
        default="37C",
        show_default=True,
        metavar="TEMP",
        help="e.g. 37C, 20 °C, 310.15K.",
    )(command)


@calc.command()
@click.pass_context
@click.option(
    "--ion", "ion_name", required=True, metavar="ION", help="K+, Na+, Cl-, Ca2+ (or Ca++, Ca+2), Mg2+, H+, HCO3- …"
)
@click.option(
    "--inside", required=True, type=_Quantity("concentration"), metavar="CONC", help="Concentration inside, e.g. 140mM."
)
@click.option(
    "--outside", required=True, type=_Quantity("concentration"), metavar="CONC", help="Concentration outside, e.g. 5mM."
)
@click.option("-z", "valence", type=int, default=None, help="Valence, if not the one the ion's name gives.")
@_output_options
def nernst(
    ctx: click.Context,
    ion_name: str,
    inside: float,
    outside: float,
    valence: int | None,
    temperature: float,
    explain: bool,
    output_format: str,
) -> int:
    """The equilibrium potential of one ion: E = (RT/zF)·ln([out]/[in]).

    \b
    Examples:
      vaulttool calc nernst --ion K+ --inside 140mM --outside 5mM --temperature 37C
      vaulttool calc nernst --ion Ca2+ --inside 100nM --outside 2mM --explain
      vaulttool calc nernst --ion Cl- --inside 10mM --outside 110mM --format json
    """
    from vaulttool.calc.explain import explain_nernst
    from vaulttool.calc.inputs import NernstInput
    from vaulttool.calc.ions import IonError, parse_ion

    if valence == 0:
        raise click.BadParameter("the valence must not be 0", param_hint="'-z'")
    try:
        ion = parse_ion(ion_name, valence)
    except IonError as error:
        raise click.BadParameter(str(error), param_hint="'--ion'") from None
    return _echo(ctx, explain_nernst(NernstInput(ion, inside, outside, temperature)), explain, output_format)


@calc.command()
@click.pass_context
@click.option(
    "--ion",
    "ions",
    required=True,
    multiple=True,
    metavar="ION:IN:OUT:P",
    help="An ion, its concentrations inside and outside, and its relative permeability, "
    "e.g. K+:400mM:20mM:1 (repeat for each ion).",
)
@_output_options
def ghk(ctx: click.Context, ions: Sequence[str], temperature: float, explain: bool, output_format: str) -> int:
    """The resting potential of a membrane permeable to several ions (Goldman–Hodgkin–Katz).

    Monovalent ions use the log formula (anions with inside and outside exchanged); one divalent
    cation, the exact quadratic; any other mix, the root of the summed GHK currents.

    \b
    Examples:
      vaulttool calc ghk --temperature 20C --ion K+:400mM:20mM:1 --ion Na+:50mM:440mM:0.04 --ion Cl-:52mM:560mM:0.45
      vaulttool calc ghk --ion K+:140mM:5mM:1 --ion Na+:12mM:145mM:0.05 --ion Ca2+:100nM:2mM:0.01 --explain
    """
    from vaulttool.calc.explain import explain_ghk
    from vaulttool.calc.inputs import GhkInput

    specs = tuple(_ion_spec(text) for text in ions)
    names = [spec.ion for spec in specs]
    if duplicate := next((ion for i, ion in enumerate(names) if ion in names[:i]), None):
        raise click.BadParameter(f"{duplicate.symbol} is given twice", param_hint="'--ion'")
    if all(spec.permeability == 0 for spec in specs):
        raise click.BadParameter("every permeability is 0; at least one ion must permeate", param_hint="'--ion'")
    return _echo(ctx, explain_ghk(GhkInput(specs, temperature)), explain, output_format)


def _ion_spec(text: str) -> IonSpec:
    from vaulttool.calc.ghk import IonSpec
    from vaulttool.calc.ions import IonError, parse_ion
    from vaulttool.calc.units import UnitError, parse_concentration, parse_permeability

    parts = text.split(":")
    if len(parts) != 4:
        raise click.BadParameter(
            f"{text!r}; write ION:INSIDE:OUTSIDE:PERMEABILITY, e.g. K+:400mM:20mM:1", param_hint="'--ion'"
        )
    name, inside, outside, permeability = parts
    try:
        return IonSpec(
            parse_ion(name), parse_concentration(inside), parse_concentration(outside), parse_permeability(permeability)
        )
    except (IonError, UnitError) as error:
        raise click.BadParameter(f"{text!r}: {error}", param_hint="'--ion'") from None


def _echo(ctx: click.Context, steps: Steps, explain: bool, output_format: str) -> int:
    from vaulttool.render import render

    click.echo(render("calc", output_format, steps, context(ctx, explain=explain)), nl=False)
    return EXIT_CLEAN
