using System.Linq.Expressions;

namespace Portal.Grains.Audience.Segments;

/// <summary>Combines predicates into one expression the database provider can translate.</summary>
public static class Predicates
{
    public static Expression<Func<T, bool>> All<T>(IEnumerable<Expression<Func<T, bool>>> parts) => Combine(parts, Expression.AndAlso, true);

    public static Expression<Func<T, bool>> Any<T>(IEnumerable<Expression<Func<T, bool>>> parts) => Combine(parts, Expression.OrElse, false);

    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    private static Expression<Func<T, bool>> Combine<T>(IEnumerable<Expression<Func<T, bool>>> parts, Func<Expression, Expression, BinaryExpression> join, bool empty)
    {
        var parameter = Expression.Parameter(typeof(T), "p");
        Expression? body = null;
        foreach (var part in parts)
        {
            var rebound = new Rebind(part.Parameters[0], parameter).Visit(part.Body);
            body = body is null ? rebound : join(body, rebound);
        }
        return Expression.Lambda<Func<T, bool>>(body ?? Expression.Constant(empty), parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
