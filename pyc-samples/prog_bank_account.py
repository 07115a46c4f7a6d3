"""Program: a class-based bank-account simulation with a custom exception,
class-level counters, properties and a transaction log."""


class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__(f"{account.owner} cannot withdraw {amount}: balance {account.balance}")
        self.amount = amount


class Account:
    next_id = 1
    interest_rate = 0.02

    def __init__(self, owner, balance=0):
        self.id = Account.next_id
        Account.next_id += 1
        self.owner = owner
        self._balance = balance
        self.log = [("open", balance)]

    @property
    def balance(self):
        return self._balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self._balance += amount
        self.log.append(("deposit", amount))
        return self

    def withdraw(self, amount):
        if amount > self._balance:
            raise InsufficientFunds(self, amount)
        self._balance -= amount
        self.log.append(("withdraw", amount))
        return self

    def transfer(self, other, amount):
        self.withdraw(amount)
        other.deposit(amount)
        self.log.append(("transfer-out", other.id))
        other.log.append(("transfer-in", self.id))

    def add_interest(self):
        gained = round(self._balance * self.interest_rate)
        self._balance += gained
        self.log.append(("interest", gained))

    def __repr__(self):
        return f"Account(#{self.id}, {self.owner!r}, {self._balance})"


class SavingsAccount(Account):
    interest_rate = 0.05
    max_withdrawals = 2

    def __init__(self, owner, balance=0):
        super().__init__(owner, balance)
        self.withdrawals = 0

    def withdraw(self, amount):
        if self.withdrawals >= self.max_withdrawals:
            raise PermissionError(f"{self.owner}: withdrawal limit reached")
        super().withdraw(amount)
        self.withdrawals += 1
        return self


class Bank:
    def __init__(self):
        self.accounts = {}

    def open(self, cls, owner, balance):
        acct = cls(owner, balance)
        self.accounts[acct.id] = acct
        return acct

    def total(self):
        return sum(a.balance for a in self.accounts.values())

    def month_end(self):
        for acct in self.accounts.values():
            acct.add_interest()


bank = Bank()
alice = bank.open(Account, "alice", 1000)
bob = bank.open(SavingsAccount, "bob", 500)
carol = bank.open(Account, "carol", 0)
print(alice, bob, carol, bank.total())
alice.deposit(250).withdraw(100)
alice.transfer(carol, 300)
bob.withdraw(50)
bob.withdraw(25)
operations = [
    lambda: bob.withdraw(1),
    lambda: carol.withdraw(10 ** 6),
    lambda: carol.deposit(-5),
    lambda: bank.accounts[99],
]
for op in operations:
    try:
        op()
    except InsufficientFunds as e:
        print("InsufficientFunds:", e, e.amount)
    except (PermissionError, ValueError) as e:
        print(type(e).__name__ + ":", e)
    except LookupError as e:
        print("no such account:", e)
for month in range(3):
    bank.month_end()
    print("month", month + 1, [a.balance for a in bank.accounts.values()], bank.total())
for acct in sorted(bank.accounts.values(), key=lambda a: -a.balance):
    print(acct, acct.log)
print(Account.next_id, isinstance(bob, Account), type(bob).__name__, bob.interest_rate, alice.interest_rate)
